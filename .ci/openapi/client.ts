// Compiled with `tsc --strict` against the types openapi-typescript generates from the
// served document (api.d.ts): a client on openapi-fetch must type each operation's body
// and answer as the API really sends them. A wrong or missing schema fails the build.
import createClient from "openapi-fetch";
import type { components, paths, webhooks } from "./api";

type Json<Op> = Op extends { responses: { 200: { content: { "application/json": infer T } } } }
  ? T
  : Op extends { responses: { 201: { content: { "application/json": infer T } } } }
    ? T
    : never;

// Compile-time equalities: `Expect<Equal<A, B>>` fails unless A and B are the same type.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

type Lead = components["schemas"]["Lead"];
type LeadPage = Json<paths["/api/v1/leads"]["get"]>;
type Created = Json<paths["/api/v1/leads"]["post"]>;
type Logged = Json<paths["/api/v1/calls"]["post"]>;
type Problem = components["schemas"]["Problem"];

export type Checks = [
  // A page of leads is a page of leads, and creating one answers a lead.
  Expect<Equal<LeadPage["items"][number], Lead>>,
  Expect<Equal<Created, Lead>>,
  Expect<Equal<Lead["name"], string>>,
  Expect<Equal<Logged["lead"], Lead>>,
  Expect<Equal<Logged["call"]["outcome"], components["schemas"]["Outcome"]>>,
  // Every 422 names its fields.
  Expect<Equal<Problem["errors"], components["schemas"]["FieldProblem"][] | undefined>>,
  // A webhook's body is described.
  Expect<Equal<webhooks["lead.created"]["post"]["requestBody"]["content"]["application/json"]["data"]["lead"]["id"], string>>,
];

// The dialer's flow, typed end to end.
export async function dialerFlow(baseUrl: string, token: string): Promise<number> {
  const api = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
  const created = await api.POST("/api/v1/leads", {
    body: { name: "Budi Santoso", phone: "0812-3456-7890", tags: ["web"] },
  });
  if (!created.data) {
    throw new Error(created.error.errors?.map((e) => `${e.field}: ${e.message}`).join("; "));
  }
  const next = await api.GET("/api/v1/queue/next");
  const leadId = next.data?.lead?.id ?? created.data.id;
  const logged = await api.POST("/api/v1/calls", {
    params: { header: { "Idempotency-Key": crypto.randomUUID() } },
    body: { lead_id: leadId, outcome: "connected", intent: "clear", talk_seconds: 95 },
  });
  const funnel = await api.GET("/api/v1/metrics/funnel", { params: { query: { from: "2026-12-01", to: "2026-12-31" } } });
  return (logged.data?.stage_changes.length ?? 0) + (funnel.data?.current.stages.length ?? 0);
}
