# The pages a visitor of the company's own site reads after sending its contact form to
# Leadline (POST /capture). The visitor is a prospective customer, not a Leadline user:
# no Leadline words ("lead", "token") in what they read, except the refusals, which the
# site's owner reads while setting the form up.

capture-received-title = Thank you
capture-received = We have your details and will be in touch soon.
capture-invalid-title = Please check the form
capture-invalid = Some of what you entered could not be read. Go back, correct it and send the form again:
capture-too-many-title = Please try again shortly
capture-too-many = Too many forms were sent from your address in the last minute. Wait a moment and send it again.
capture-refused-title = This form cannot be sent
capture-back = Back to the form

## Refusals: the form on the site is set up wrong. The site's owner reads these.

capture-key-missing = The form has no `key` field: add a hidden field named key holding a web form's key from Leadline's tokens page.
capture-key-unknown = The form's key is not known to Leadline, or it was revoked or has expired.
capture-key-too-wide = The form's key may do more than create leads. A key in a web page can be read by anyone: use a web form's key (leads:create alone).
capture-key-no-origins = The form's key names no web site. Add the site's origin (such as https://www.example.com) to the key on Leadline's tokens page.
# $origin: the site the form was sent from, such as https://www.example.com.
capture-origin-refused = The form's key may not be used on { $origin }. Add that origin to the key on Leadline's tokens page.
capture-redirect-refused = The form's `redirect` field points at a site the key does not name.
capture-not-a-form = Only a plain HTML form (application/x-www-form-urlencoded) can be sent here.
