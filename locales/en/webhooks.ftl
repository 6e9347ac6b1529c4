# The webhooks page (admins): the URLs Leadline sends events to, and the log of what it
# sent. Event names (lead.created, call.logged, ...) are codes, not translated.

webhooks-title = Webhooks
# $header is the name of the HTTP header that carries the signature, as code.
webhooks-intro = Leadline POSTs each event to the URLs below as JSON, signed in the { $header } header with the subscription's secret, and retries with growing waits for about 11 hours until the receiver answers 2xx.
# After subscribing a URL: $url is it, $secret the secret its deliveries are signed
# with, shown in a box to copy.
webhooks-created = Subscribed { $url }. Its signing secret is { $secret } — copy it now, it is not shown again.
webhooks-empty = No subscriptions yet.

## Table columns.

webhooks-col-url = URL
webhooks-col-events = Events
webhooks-col-active = Active
webhooks-col-created = Created
webhooks-col-event = Event
# Where a delivery went (a URL).
webhooks-col-to = To
webhooks-col-status = Status
webhooks-col-attempts = Attempts
# The HTTP status code the receiver answered.
webhooks-col-response = Response
webhooks-col-error = Error
webhooks-col-last-attempt = Last attempt
webhooks-col-next-attempt = Next attempt
# A column of buttons; not shown, read out by screen readers.
webhooks-col-actions = Actions

## A subscription's buttons.

webhooks-deactivate = Deactivate
webhooks-reactivate = Reactivate
webhooks-delete = Delete

## The form.

webhooks-subscribe-title = Subscribe a URL
webhooks-url = URL
webhooks-events = Events
webhooks-subscribe = Subscribe

## The delivery log.

webhooks-deliveries = Deliveries
# The log narrowed to one subscription; $all is a link reading webhooks-show-all.
webhooks-deliveries-one = Deliveries to one subscription { $all }
webhooks-show-all = (show all)
webhooks-deliveries-empty = No deliveries yet.
# A delivery's state, in a badge.
webhooks-status-pending = pending
webhooks-status-delivered = delivered
webhooks-status-failed = failed
# Sends a delivery still waiting for its next attempt now.
webhooks-retry-now = Retry now
# Sends a delivered or failed delivery again.
webhooks-redeliver = Redeliver
