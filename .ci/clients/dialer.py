"""A dialer's flow through the client openapi-python-client generated from the served
OpenAPI document (the `leadline_client` package), run by .ci/clients-check against a live
server. Only the generated functions and models talk to the API: no raw HTTP here.

Reads LEADLINE_API_URL (the server, without /api/v1) and LEADLINE_TOKEN (an admin's API
token on an otherwise empty database). Prints `leads=N calls=M` and exits 0, or names the
step that failed and exits 1.
"""

import os
import sys
import uuid
from typing import Any, TypeVar

from leadline_client import AuthenticatedClient
from leadline_client.api.calls import list_calls, log_call
from leadline_client.api.leads import create_lead, list_leads, move_lead
from leadline_client.api.metrics import get_funnel
from leadline_client.api.queue import next_in_queue
from leadline_client.api.users import get_me
from leadline_client.models import (
    CallPage,
    ComparisonFunnel,
    CreateCall,
    CreateLead,
    Intent,
    Lead,
    LeadPage,
    LoggedCall,
    NextLead,
    Outcome,
    Problem,
    QueueReason,
    Stage,
    TransitionRequest,
    TransitionResult,
    User,
)
from leadline_client.types import Response, Unset

T = TypeVar("T")


class Failed(Exception):
    pass


def check(condition: bool, what: str) -> None:
    if not condition:
        raise Failed(what)


def answer(step: str, response: Response[Any], status: int, kind: type[T]) -> T:
    """The parsed body of a `status` answer, of the generated model `kind`."""
    if response.status_code != status:
        parsed = response.parsed
        detail = (
            f"{parsed.title}: {parsed.detail} {parsed.errors}"
            if isinstance(parsed, Problem)
            else response.content[:300].decode(errors="replace")
        )
        raise Failed(f"{step}: expected {status}, got {int(response.status_code)}: {detail}")
    check(
        isinstance(response.parsed, kind),
        f"{step}: the client parsed the {status} answer as {type(response.parsed).__name__}, "
        f"not {kind.__name__}",
    )
    return response.parsed  # type: ignore[return-value]


def reached(funnel_stages: list[Any]) -> dict[str, int]:
    return {s.stage.value: s.reached for s in funnel_stages}


def main() -> int:
    base_url = os.environ["LEADLINE_API_URL"]
    client = AuthenticatedClient(
        base_url=base_url, token=os.environ["LEADLINE_TOKEN"], raise_on_unexpected_status=True
    )
    run = uuid.uuid4().hex[:8]
    # This run's leads come from their own channel, so that the funnel filtered by it
    # counts them alone.
    source = f"python-dialer-{run}"

    me = answer("getMe", get_me.sync_detailed(client=client), 200, User)

    # Three leads, each with its own Idempotency-Key; the first is posted twice.
    leads: list[Lead] = []
    keys: list[str] = []
    for n, (name, phone) in enumerate(
        [
            ("Budi Santoso", "(202) 555-0101"),
            ("Siti Rahayu", "(202) 555-0102"),
            ("Ana Wu", "(202) 555-0103"),
        ]
    ):
        key = f"python-{run}-lead-{n}"
        body = CreateLead(
            name=name, phone=phone, source=source, owner_id=me.id, tags=["python-dialer"]
        )
        lead = answer(
            "createLead",
            create_lead.sync_detailed(client=client, body=body, idempotency_key=key),
            201,
            Lead,
        )
        check(
            lead.name == name and lead.stage == Stage.NEW,
            f"createLead: the lead came back as {lead.to_dict()}",
        )
        check(
            lead.phone == "+1202555010" + str(n + 1), f"createLead: phone stored as {lead.phone!r}"
        )
        leads.append(lead)
        keys.append(key)
    again = answer(
        "createLead retried",
        create_lead.sync_detailed(
            client=client,
            body=CreateLead(
                name="Budi Santoso",
                phone="(202) 555-0101",
                source=source,
                owner_id=me.id,
                tags=["python-dialer"],
            ),
            idempotency_key=keys[0],
        ),
        201,
        Lead,
    )
    check(
        again.id == leads[0].id,
        f"createLead retried: a second lead {again.id} instead of {leads[0].id}",
    )
    # The same key with another body is refused, naming the key.
    reused = create_lead.sync_detailed(
        client=client, body=CreateLead(name="Someone Else", source=source), idempotency_key=keys[0]
    )
    refused = answer("createLead (key reused)", reused, 422, Problem)
    check(refused.field == "Idempotency-Key", f"createLead (key reused): field {refused.field}")
    page = answer(
        "listLeads", list_leads.sync_detailed(client=client, source=source), 200, LeadPage
    )
    check(len(page.items) == 3, f"listLeads: {len(page.items)} leads from {source}, not 3")

    # The queue hands over the oldest new lead, claimed for the caller.
    nxt = answer("nextInQueue", next_in_queue.sync_detailed(client=client), 200, NextLead)
    queued = nxt.lead
    if not isinstance(queued, Lead):
        raise Failed(f"nextInQueue: no lead ({nxt.to_dict()})")
    check(
        queued.id == leads[0].id,
        f"nextInQueue: lead {queued.id}, not the oldest new one {leads[0].id}",
    )
    check(nxt.reason == QueueReason.NEW, f"nextInQueue: reason {nxt.reason}")

    # A connected call with clear intent moves the lead to connect and on to interest; the
    # same call posted again with its key is answered the first answer and stores nothing.
    call_key = f"python-{run}-call-0"
    call_body = CreateCall(
        lead_id=queued.id,
        outcome=Outcome.CONNECTED,
        intent=Intent.CLEAR,
        talk_seconds=95,
        ring_seconds=8,
    )
    logged = answer(
        "logCall",
        log_call.sync_detailed(client=client, body=call_body, idempotency_key=call_key),
        201,
        LoggedCall,
    )
    check(
        logged.stage_changes == [Stage.CONNECT, Stage.INTEREST],
        f"logCall: stage changes {logged.stage_changes}",
    )
    check(logged.lead.stage == Stage.INTEREST, f"logCall: the lead is at {logged.lead.stage}")
    check(
        logged.call.talk_seconds == 95 and logged.call.outcome == Outcome.CONNECTED,
        "logCall: the call as stored",
    )
    retried = answer(
        "logCall retried",
        log_call.sync_detailed(client=client, body=call_body, idempotency_key=call_key),
        201,
        LoggedCall,
    )
    check(retried.call.id == logged.call.id, f"logCall retried: a second call {retried.call.id}")
    calls = answer(
        "listCalls", list_calls.sync_detailed(client=client, lead_id=queued.id), 200, CallPage
    )
    check(
        [c.id for c in calls.items] == [logged.call.id],
        f"listCalls: {len(calls.items)} calls on the lead, not 1",
    )

    # An unanswered dial on the second lead moves nothing.
    missed = answer(
        "logCall (no answer)",
        log_call.sync_detailed(
            client=client,
            body=CreateCall(lead_id=leads[1].id, outcome=Outcome.NO_ANSWER, ring_seconds=30),
            idempotency_key=f"python-{run}-call-1",
        ),
        201,
        LoggedCall,
    )
    check(
        missed.stage_changes == [] and missed.lead.stage == Stage.NEW,
        f"logCall (no answer): {missed.stage_changes}",
    )

    # The rep moves the first lead on to need by hand.
    moved = answer(
        "moveLead",
        move_lead.sync_detailed(
            client=client,
            id=leads[0].id,
            body=TransitionRequest(to=Stage.NEED),
            idempotency_key=f"python-{run}-move-0",
        ),
        200,
        TransitionResult,
    )
    check(
        moved.lead.stage == Stage.NEED and moved.event.to == Stage.NEED,
        f"moveLead: {moved.event.to_dict()}",
    )
    check(moved.event.from_ == Stage.INTEREST, f"moveLead: moved from {moved.event.from_}")

    # The funnel of this channel's leads: three new, one on to need.
    funnel = answer(
        "getFunnel", get_funnel.sync_detailed(client=client, channel=source), 200, ComparisonFunnel
    )
    counts = reached(funnel.current.stages)
    want = {"new": 3, "connect": 1, "interest": 1, "need": 1, "evaluate": 0, "decide": 0}
    check(
        all(counts.get(s) == n for s, n in want.items()), f"getFunnel: reached {counts}, not {want}"
    )
    connect = next(s for s in funnel.current.stages if s.stage == Stage.CONNECT)
    check(
        not isinstance(connect.step_conversion, Unset)
        and connect.step_conversion is not None
        and abs(connect.step_conversion - 1 / 3) < 1e-9,
        f"getFunnel: step conversion to connect {connect.step_conversion}",
    )
    check(
        all(s.reached == 0 for s in funnel.previous.stages),
        "getFunnel: the previous period counts leads it never had",
    )

    # A 422 is a problem+json document naming every bad field, which the client reads.
    bad = create_lead.sync_detailed(
        client=client, body=CreateLead(name="", phone="12", email="not an e-mail")
    )
    problem = answer("createLead (bad fields)", bad, 422, Problem)
    check(
        bad.headers.get("content-type", "").startswith("application/problem+json"),
        f"createLead (bad fields): content type {bad.headers.get('content-type')}",
    )
    check(problem.status == 422, f"createLead (bad fields): status {problem.status} in the body")
    fields = [e.field for e in problem.errors] if not isinstance(problem.errors, Unset) else []
    check(
        {"name", "phone", "email"} <= set(fields), f"createLead (bad fields): errors name {fields}"
    )
    check(
        problem.field == fields[0],
        f"createLead (bad fields): field {problem.field}, errors {fields}",
    )
    page = answer(
        "listLeads", list_leads.sync_detailed(client=client, source=source), 200, LeadPage
    )
    check(len(page.items) == 3, f"listLeads after the 422: {len(page.items)} leads")

    # Every call this rep logged: two, the retried one once.
    mine = answer("listCalls", list_calls.sync_detailed(client=client, rep_id=me.id), 200, CallPage)
    check(len(mine.items) == 2, f"listCalls: {len(mine.items)} calls by the rep, not 2")

    print(f"leads={len(page.items)} calls={len(mine.items)}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Failed as failure:
        print(f"dialer.py: {failure}", file=sys.stderr)
        sys.exit(1)
