// An example portal: list the ongoing projects in German, follow the changes feed and fetch
// what changed, typed end to end by the generated schema (src/schema.d.ts), and every response
// validated at runtime against the OpenAPI document (src/validate.ts, Ajv).
//
//   node dist/examples/portal.js http://127.0.0.1:8000 [path/to/openapi.json]
//
// The document defaults to the committed snapshot, tests/api/openapi.snapshot.json. Exits
// non-zero when an answer is not what the contract says.
import createClient from "openapi-fetch";

import type { components, paths } from "../src/schema.js";
import { Contract, ContractViolation } from "../src/validate.js";

type PageSummary = components["schemas"]["PageListItem"];
type ListEntry = components["schemas"]["PageList"]["items"][number];

/** A full summary; with `fields=` a list gives selections instead (`id` + the fields asked for). */
function isSummary(item: ListEntry): item is PageSummary {
  return typeof item.title === "string" && typeof item.type === "string" && item.meta != null;
}
type Change = components["schemas"]["Change"];

/** What openapi-fetch answers: the parsed body is `data` (2xx) or `error` (otherwise). */
interface Answer {
  response: Response;
  data?: unknown;
  error?: unknown;
}

/** Validates the body of an answer against the response schema of `operationId`. */
function validated<T extends Answer>(contract: Contract, operationId: string, answer: T): T {
  const { response } = answer;
  const body = response.ok ? answer.data : answer.error;
  contract.assert(operationId, response.status, response.headers.get("content-type"), body);
  return answer;
}

/**
 * Proves that the validator can fail: a corrupted copy of a real body must be rejected. Returns
 * the line to print, or throws when the copy passes.
 */
function expectRejected(
  contract: Contract,
  operationId: string,
  status: number,
  contentType: string,
  corrupted: unknown,
): string {
  const result = contract.check(operationId, status, contentType, corrupted);
  if (result.valid) throw new Error(`a corrupted ${operationId} ${status} response passed`);
  // Rejected by a schema, not for want of one (an unknown operation, status or content type).
  const first = typeof result.errors === "string" ? undefined : result.errors[0];
  if (!first) throw new ContractViolation(result);
  const reason = `${first.instancePath || "/"} ${first.message ?? first.keyword}`;
  return `corrupted response rejected: ${operationId} ${status} (${reason})`;
}

export async function run(baseUrl: string, contract: Contract): Promise<string[]> {
  const api = createClient<paths>({ baseUrl });
  const lines: string[] = [];

  const { data: projects, error } = validated(
    contract,
    "listPages",
    await api.GET("/api/v1/pages/", {
      params: {
        query: { type: "projects.ProjectPage", locale: "de", status: "ongoing", limit: 20 },
      },
    }),
  );
  if (error || !projects) throw new Error(`listPages failed: ${JSON.stringify(error)}`);
  const summaries: PageSummary[] = projects.items.filter(isSummary);
  if (summaries.length !== projects.items.length) throw new Error("listPages: partial items");
  for (const page of summaries) lines.push(`project ${page.id}: ${page.title} (${page.meta.url})`);

  const first = summaries[0];
  if (first) {
    const { data: detail } = validated(
      contract,
      "getPage",
      await api.GET("/api/v1/pages/{page_id}/", { params: { path: { page_id: first.id } } }),
    );
    if (!detail || detail.type !== "projects.ProjectPage") throw new Error("getPage: wrong type");
    lines.push(`detail ${detail.id}: status ${detail.status}`);
  }

  // Only the fields a teaser needs, the project's own `status` among them (`fields=`).
  const { data: teasers } = validated(
    contract,
    "listPages",
    await api.GET("/api/v1/pages/", {
      params: { query: { type: "projects.ProjectPage", fields: "title,status", limit: 3 } },
    }),
  );
  for (const item of teasers?.items ?? []) {
    const status = (item as Record<string, unknown>)["status"];
    lines.push(`teaser ${item.id}: ${item.title} (${String(status)})`);
  }

  let since = "0";
  for (;;) {
    const { data: feed } = validated(
      contract,
      "listChanges",
      await api.GET("/api/v1/changes/", { params: { query: { since, limit: 100 } } }),
    );
    if (!feed) throw new Error("listChanges failed");
    const changes: Change[] = feed.items;
    lines.push(`changes after ${since}: ${changes.length}`);
    since = feed.next_cursor;
    if (!feed.has_more) break;
  }

  const refused = validated(
    contract,
    "listPages",
    await api.GET("/api/v1/pages/", {
      // @ts-expect-error: the contract has no `staus`; the API answers 400 unknown_parameter.
      params: { query: { staus: "ongoing" } },
    }),
  );
  const unknown = refused.error;
  if (!unknown || unknown.code !== "unknown_parameter") throw new Error("no unknown_parameter");
  if (refused.response.status !== 400) throw new Error("unknown_parameter is not a 400");
  lines.push("unknown parameter refused");

  // The validator must be able to say no: corrupted copies of the bodies above.
  lines.push(
    expectRejected(contract, "listPages", 200, "application/json", {
      ...projects,
      items: "not a list",
    }),
  );
  const { code: _code, ...problemWithoutCode } = unknown;
  lines.push(
    expectRejected(contract, "listPages", 400, "application/problem+json", problemWithoutCode),
  );

  lines.push(`validated ${contract.validated} responses against the schema`);
  return lines;
}

const [baseUrl, openapi] = process.argv.slice(2);
if (baseUrl) {
  try {
    const contract = Contract.load(openapi);
    run(baseUrl, contract).then(
      (lines) => console.log(lines.join("\n")),
      (error: unknown) => {
        console.error(error instanceof ContractViolation ? error.message : error);
        process.exit(1);
      },
    );
  } catch (error: unknown) {
    console.error(error);
    process.exit(1);
  }
}
