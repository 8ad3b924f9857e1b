// Runtime validation of API responses against the OpenAPI document (OpenAPI 3.1: its schemas are
// JSON Schema 2020-12), with Ajv. An operation is found by its operationId, its response by
// status code (exact, then "4XX"-style ranges, then "default") and content type.
//
//   const contract = Contract.load();  // tests/api/openapi.snapshot.json, found upwards
//   contract.check("listPages", response.status, response.headers.get("content-type"), body);
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/** Where the committed OpenAPI snapshot lives, relative to the repository root. */
export const SNAPSHOT = join("tests", "api", "openapi.snapshot.json");

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** The id under which the whole document is added to Ajv; `#/components/...` refs resolve in it. */
const DOCUMENT_ID = "urn:zib:openapi";

/** The fields of an OpenAPI document, so that Ajv (strict mode) accepts it as the refs' root. */
const DOCUMENT_FIELDS = [
  "openapi",
  "info",
  "jsonSchemaDialect",
  "servers",
  "paths",
  "webhooks",
  "components",
  "security",
  "tags",
];

/**
 * OpenAPI's own keywords in a Schema Object, annotations for Ajv. `discriminator` only speeds up
 * the choice between `oneOf` branches, which Ajv makes anyway by trying each of them.
 */
const OPENAPI_KEYWORDS = ["discriminator", "example", "xml", "externalDocs"];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Operation {
  operationId: string;
  /** JSON pointer to the operation object in the document. */
  pointer: string;
  responses: JsonObject;
}

export type CheckResult =
  | { valid: true }
  | { valid: false; operationId: string; status: number; errors: ErrorObject[] | string };

/** A response that does not match its schema (or that the contract does not declare). */
export class ContractViolation extends Error {
  constructor(readonly result: Extract<CheckResult, { valid: false }>) {
    super(formatViolation(result));
    this.name = "ContractViolation";
  }
}

/** One line per Ajv error: where in the body, what is wrong, and the failing schema keyword. */
export function formatViolation(result: Extract<CheckResult, { valid: false }>): string {
  const { operationId, status } = result;
  const head = `response of ${operationId} (status ${status}) does not match the schema`;
  if (typeof result.errors === "string") return `${head}: ${result.errors}`;
  const lines = result.errors.map(
    (error) =>
      `  ${error.instancePath || "/"} ${error.message ?? error.keyword} ` +
      `${JSON.stringify(error.params)} (schema ${error.schemaPath})`,
  );
  return [`${head}:`, ...lines].join("\n");
}

/** The snapshot, searched upwards from `start` (this module's folder: src/ or dist/src/). */
export function findSnapshot(start = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, SNAPSHOT);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`no ${SNAPSHOT} above ${start}`);
  }
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The vendor extensions (`x-...`) used anywhere in the document, for Ajv's strict mode. */
function extensionKeywords(value: Json, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) extensionKeywords(item, found);
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key.startsWith("x-")) found.add(key);
      extensionKeywords(item, found);
    }
  }
  return found;
}

export class Contract {
  /** How many response bodies `check` has found valid. */
  validated = 0;

  private readonly ajv: Ajv2020;
  private readonly operations = new Map<string, Operation>();
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: JsonObject) {
    // Strict about the schemas' keywords and formats (a typo or an unknown format fails loudly),
    // not about their style: a `required` name without a `properties` entry, or keywords without
    // a `type` next to them, are valid JSON Schema that generators emit.
    this.ajv = new Ajv2020({
      strict: true,
      strictTypes: false,
      strictTuples: false,
      strictRequired: false,
      allErrors: true,
    });
    // int32, int64, float, double, byte, binary, password (OpenAPI) besides JSON Schema's own.
    addFormats.default(this.ajv);
    const keywords = [...DOCUMENT_FIELDS, ...OPENAPI_KEYWORDS, ...extensionKeywords(document)];
    for (const keyword of keywords) {
      if (!this.ajv.getKeyword(keyword)) this.ajv.addKeyword(keyword);
    }
    this.ajv.addSchema(document, DOCUMENT_ID);

    const paths = document["paths"];
    if (!isObject(paths)) throw new Error("the OpenAPI document has no paths");
    for (const [path, item] of Object.entries(paths)) {
      if (!isObject(item)) continue;
      for (const method of METHODS) {
        const operation = item[method];
        if (!isObject(operation) || typeof operation["operationId"] !== "string") continue;
        const responses = operation["responses"];
        this.operations.set(operation["operationId"], {
          operationId: operation["operationId"],
          pointer: `/paths/${escapePointer(path)}/${method}`,
          responses: isObject(responses) ? responses : {},
        });
      }
    }
  }

  /** The OpenAPI document at `path` (default: the committed snapshot). */
  static load(path: string = findSnapshot()): Contract {
    return new Contract(JSON.parse(readFileSync(path, "utf8")) as JsonObject);
  }

  /** Validates one response body; counts it when valid. */
  check(
    operationId: string,
    status: number,
    contentType: string | null,
    body: unknown,
  ): CheckResult {
    const validate = this.validator(operationId, status, contentType);
    if (typeof validate === "string") {
      return { valid: false, operationId, status, errors: validate };
    }
    if (!validate(body)) {
      return { valid: false, operationId, status, errors: [...(validate.errors ?? [])] };
    }
    this.validated += 1;
    return { valid: true };
  }

  /** Like `check`, but throws a ContractViolation for an invalid body. */
  assert(operationId: string, status: number, contentType: string | null, body: unknown): void {
    const result = this.check(operationId, status, contentType, body);
    if (!result.valid) throw new ContractViolation(result);
  }

  /** The compiled schema of a response, or why there is none. */
  private validator(
    operationId: string,
    status: number,
    contentType: string | null,
  ): ValidateFunction | string {
    const operation = this.operations.get(operationId);
    if (!operation) return `the document has no operation ${operationId}`;
    const key = [String(status), `${String(status).charAt(0)}XX`, "default"].find(
      (candidate) => candidate in operation.responses,
    );
    if (!key) return `${operationId} declares no response for status ${status}`;
    let response = operation.responses[key];
    let pointer = `${operation.pointer}/responses/${escapePointer(key)}`;
    if (isObject(response) && typeof response["$ref"] === "string") {
      // A shared response (`#/components/responses/...`).
      pointer = response["$ref"].replace(/^#/, "");
      response = this.resolve(pointer);
    }
    const content = isObject(response) ? response["content"] : undefined;
    const mediaType = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (!isObject(content) || !isObject(content[mediaType])) {
      return `${operationId} declares no ${mediaType || "body"} for status ${key}`;
    }
    const schemaPointer = `${pointer}/content/${escapePointer(mediaType)}/schema`;
    let validate = this.validators.get(schemaPointer);
    if (!validate) {
      const fragment = schemaPointer.split("/").map(encodeURIComponent).join("/");
      validate = this.ajv.getSchema(`${DOCUMENT_ID}#${fragment}`);
      if (!validate) return `${operationId} has no schema at ${schemaPointer}`;
      this.validators.set(schemaPointer, validate);
    }
    return validate;
  }

  private resolve(pointer: string): Json | undefined {
    let node: Json | undefined = this.document;
    for (const part of pointer.split("/").slice(1)) {
      if (!isObject(node)) return undefined;
      node = node[part.replace(/~1/g, "/").replace(/~0/g, "~")];
    }
    return node;
  }
}
