// A dialer's flow through openapi-fetch, typed by the types openapi-typescript generated from
// the served OpenAPI document (api.d.ts), compiled by tsc in strict mode and run on Node.js by
// .ci/clients-check against a live server. Each step's body and answer are the generated
// types: a wrong or missing schema fails the compile, a wrong answer fails the run.
//
// Reads LEADLINE_API_URL (the server, without /api/v1) and LEADLINE_TOKEN (an admin's API
// token on an otherwise empty database). Prints `leads=N calls=M` and exits 0, or names the
// step that failed and exits 1.
import { randomUUID } from "node:crypto";
import createClient from "openapi-fetch";
import type { components, paths } from "./api.js";

type Schemas = components["schemas"];
type Lead = Schemas["Lead"];
type Problem = Schemas["Problem"];
type Stage = Schemas["Stage"];

class Failed extends Error {}

function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Failed(what);
}

// The body of a `status` answer, or the step named with what came instead.
function answer<T>(
  step: string,
  result: { data?: T; error?: Problem | unknown; response: Response },
  status: number,
): T {
  const got = result.response.status;
  if (got !== status || result.data === undefined) {
    const problem = result.error as Partial<Problem> | undefined;
    const errors = problem?.errors?.map((e) => `${e.field}: ${e.message}`).join("; ") ?? "";
    throw new Failed(`${step}: expected ${status}, got ${got}: ${problem?.title ?? ""} ${problem?.detail ?? ""} ${errors}`);
  }
  return result.data;
}

async function main(): Promise<string> {
  const baseUrl = process.env["LEADLINE_API_URL"];
  const token = process.env["LEADLINE_TOKEN"];
  check(baseUrl !== undefined && token !== undefined, "LEADLINE_API_URL and LEADLINE_TOKEN must be set");
  const api = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
  const run = randomUUID().slice(0, 8);
  // This run's leads come from their own channel, so that the funnel filtered by it counts
  // them alone.
  const source = `typescript-dialer-${run}`;

  const me = answer("getMe", await api.GET("/api/v1/me"), 200);

  // Three leads, each with its own Idempotency-Key; the first is posted twice.
  const people: [string, string][] = [
    ["Dewi Lestari", "(202) 555-0111"],
    ["Rina Kusuma", "(202) 555-0112"],
    ["Wei Zhang", "(202) 555-0113"],
  ];
  const leads: Lead[] = [];
  const keys: string[] = [];
  for (const [n, [name, phone]] of people.entries()) {
    const key = `typescript-${run}-lead-${n}`;
    const lead = answer(
      "createLead",
      await api.POST("/api/v1/leads", {
        params: { header: { "Idempotency-Key": key } },
        body: { name, phone, source, owner_id: me.id, tags: ["typescript-dialer"] },
      }),
      201,
    );
    check(lead.name === name && lead.stage === "new", `createLead: the lead came back as ${JSON.stringify(lead)}`);
    check(lead.phone === `+120255501${11 + n}`, `createLead: phone stored as ${lead.phone}`);
    leads.push(lead);
    keys.push(key);
  }
  const [first, second] = leads;
  check(first !== undefined && second !== undefined, "createLead: fewer than two leads");
  const again = answer(
    "createLead retried",
    await api.POST("/api/v1/leads", {
      params: { header: { "Idempotency-Key": keys[0] ?? "" } },
      body: { name: "Dewi Lestari", phone: "(202) 555-0111", source, owner_id: me.id, tags: ["typescript-dialer"] },
    }),
    201,
  );
  check(again.id === first.id, `createLead retried: a second lead ${again.id} instead of ${first.id}`);
  // The same key with another body is refused, naming the key.
  const reused = await api.POST("/api/v1/leads", {
    params: { header: { "Idempotency-Key": keys[0] ?? "" } },
    body: { name: "Someone Else", source },
  });
  check(reused.response.status === 422, `createLead (key reused): ${reused.response.status}`);
  check(reused.error?.field === "Idempotency-Key", `createLead (key reused): field ${reused.error?.field}`);
  const page = answer("listLeads", await api.GET("/api/v1/leads", { params: { query: { source } } }), 200);
  check(page.items.length === 3, `listLeads: ${page.items.length} leads from ${source}, not 3`);

  // The queue hands over the oldest new lead, claimed for the caller.
  const next = answer("nextInQueue", await api.GET("/api/v1/queue/next"), 200);
  const queued = next.lead;
  check(queued !== undefined && queued !== null, `nextInQueue: no lead (${JSON.stringify(next)})`);
  check(queued.id === first.id, `nextInQueue: lead ${queued.id}, not the oldest new one ${first.id}`);
  check(next.reason === "new", `nextInQueue: reason ${next.reason}`);

  // A connected call with clear intent moves the lead to connect and on to interest; the same
  // call posted again with its key is answered the first answer and stores nothing.
  const callKey = `typescript-${run}-call-0`;
  const callBody: Schemas["CreateCall"] = {
    lead_id: queued.id,
    outcome: "connected",
    intent: "clear",
    talk_seconds: 95,
    ring_seconds: 8,
  };
  const logged = answer(
    "logCall",
    await api.POST("/api/v1/calls", { params: { header: { "Idempotency-Key": callKey } }, body: callBody }),
    201,
  );
  const moves: Stage[] = logged.stage_changes;
  check(moves.join() === "connect,interest", `logCall: stage changes ${moves.join()}`);
  check(logged.lead.stage === "interest", `logCall: the lead is at ${logged.lead.stage}`);
  check(logged.call.talk_seconds === 95 && logged.call.outcome === "connected", "logCall: the call as stored");
  const retried = answer(
    "logCall retried",
    await api.POST("/api/v1/calls", { params: { header: { "Idempotency-Key": callKey } }, body: callBody }),
    201,
  );
  check(retried.call.id === logged.call.id, `logCall retried: a second call ${retried.call.id}`);
  const calls = answer("listCalls", await api.GET("/api/v1/calls", { params: { query: { lead_id: queued.id } } }), 200);
  check(
    calls.items.length === 1 && calls.items[0]?.id === logged.call.id,
    `listCalls: ${calls.items.length} calls on the lead, not 1`,
  );

  // An unanswered dial on the second lead moves nothing.
  const missed = answer(
    "logCall (no answer)",
    await api.POST("/api/v1/calls", {
      params: { header: { "Idempotency-Key": `typescript-${run}-call-1` } },
      body: { lead_id: second.id, outcome: "no_answer", ring_seconds: 30 },
    }),
    201,
  );
  check(missed.stage_changes.length === 0 && missed.lead.stage === "new", `logCall (no answer): ${missed.stage_changes.join()}`);

  // The rep moves the first lead on to need by hand.
  const moved = answer(
    "moveLead",
    await api.POST("/api/v1/leads/{id}/transitions", {
      params: { path: { id: first.id }, header: { "Idempotency-Key": `typescript-${run}-move-0` } },
      body: { to: "need" },
    }),
    200,
  );
  check(moved.lead.stage === "need" && moved.event.to === "need", `moveLead: ${JSON.stringify(moved.event)}`);
  check(moved.event.from === "interest", `moveLead: moved from ${moved.event.from}`);

  // The funnel of this channel's leads: three new, one on to need.
  const funnel = answer("getFunnel", await api.GET("/api/v1/metrics/funnel", { params: { query: { channel: source } } }), 200);
  const reached = new Map<Stage, number>(funnel.current.stages.map((s) => [s.stage, s.reached]));
  const want: [Stage, number][] = [
    ["new", 3],
    ["connect", 1],
    ["interest", 1],
    ["need", 1],
    ["evaluate", 0],
    ["decide", 0],
  ];
  check(
    want.every(([stage, n]) => reached.get(stage) === n),
    `getFunnel: reached ${JSON.stringify([...reached])}, not ${JSON.stringify(want)}`,
  );
  const connect = funnel.current.stages.find((s) => s.stage === "connect");
  const conversion = connect?.step_conversion;
  check(
    typeof conversion === "number" && Math.abs(conversion - 1 / 3) < 1e-9,
    `getFunnel: step conversion to connect ${conversion}`,
  );
  check(
    funnel.previous.stages.every((s) => s.reached === 0),
    "getFunnel: the previous period counts leads it never had",
  );

  // A 422 is a problem+json document naming every bad field, typed as Problem.
  const bad = await api.POST("/api/v1/leads", { body: { name: "", phone: "12", email: "not an e-mail" } });
  check(bad.response.status === 422 && bad.error !== undefined, `createLead (bad fields): ${bad.response.status}`);
  const contentType = bad.response.headers.get("content-type") ?? "";
  check(contentType.startsWith("application/problem+json"), `createLead (bad fields): content type ${contentType}`);
  const problem: Problem = bad.error;
  check(problem.status === 422, `createLead (bad fields): status ${problem.status} in the body`);
  const fields = (problem.errors ?? []).map((e) => e.field);
  check(
    ["name", "phone", "email"].every((f) => fields.includes(f)),
    `createLead (bad fields): errors name ${fields.join()}`,
  );
  check(problem.field === fields[0], `createLead (bad fields): field ${problem.field}, errors ${fields.join()}`);
  const after = answer("listLeads", await api.GET("/api/v1/leads", { params: { query: { source } } }), 200);
  check(after.items.length === 3, `listLeads after the 422: ${after.items.length} leads`);

  // Every call this rep logged: two, the retried one once.
  const mine = answer("listCalls", await api.GET("/api/v1/calls", { params: { query: { rep_id: me.id } } }), 200);
  check(mine.items.length === 2, `listCalls: ${mine.items.length} calls by the rep, not 2`);

  return `leads=${after.items.length} calls=${mine.items.length}`;
}

main().then(
  (summary) => console.log(summary),
  (failure: unknown) => {
    console.error(`dialer.ts: ${failure instanceof Failed ? failure.message : String(failure)}`);
    process.exitCode = 1;
  },
);
