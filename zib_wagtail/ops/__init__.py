"""Operations: health check, structured request log, admin login throttle, CSP per area."""
