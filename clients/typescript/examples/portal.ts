// An example portal: list the ongoing projects in German, follow the changes feed and fetch
// what changed, typed end to end by the generated schema (src/schema.d.ts).
//
//   node dist/examples/portal.js http://127.0.0.1:8000
//
// Exits non-zero when an answer is not what the contract says.
import createClient from "openapi-fetch";

import type { components, paths } from "../src/schema.js";

type PageSummary = components["schemas"]["PageListItem"];
type Change = components["schemas"]["Change"];

export async function run(baseUrl: string): Promise<string[]> {
  const api = createClient<paths>({ baseUrl });
  const lines: string[] = [];

  const { data: projects, error } = await api.GET("/api/v1/pages/", {
    params: { query: { type: "projects.ProjectPage", locale: "de", status: "ongoing", limit: 20 } },
  });
  if (error || !projects) throw new Error(`listPages failed: ${JSON.stringify(error)}`);
  const summaries: PageSummary[] = projects.items;
  for (const page of summaries) lines.push(`project ${page.id}: ${page.title} (${page.meta.url})`);

  const first = summaries[0];
  if (first) {
    const { data: detail } = await api.GET("/api/v1/pages/{page_id}/", {
      params: { path: { page_id: first.id } },
    });
    if (!detail || detail.type !== "projects.ProjectPage") throw new Error("getPage: wrong type");
    lines.push(`detail ${detail.id}: status ${detail.status}`);
  }

  let since = "0";
  for (;;) {
    const { data: feed } = await api.GET("/api/v1/changes/", {
      params: { query: { since, limit: 100 } },
    });
    if (!feed) throw new Error("listChanges failed");
    const changes: Change[] = feed.items;
    lines.push(`changes after ${since}: ${changes.length}`);
    since = feed.next_cursor;
    if (!feed.has_more) break;
  }

  const { error: unknown } = await api.GET("/api/v1/pages/", {
    // @ts-expect-error: the contract has no `staus`; the API answers 400 unknown_parameter.
    params: { query: { staus: "ongoing" } },
  });
  if (!unknown || unknown.code !== "unknown_parameter") throw new Error("no unknown_parameter");
  lines.push("unknown parameter refused");
  return lines;
}

const baseUrl = process.argv[2];
if (baseUrl) {
  run(baseUrl).then(
    (lines) => console.log(lines.join("\n")),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
