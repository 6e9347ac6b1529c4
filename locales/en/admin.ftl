# The admin pages: users, API tokens (and the links between the admin pages, which the
# settings and webhooks pages show too). Only admins see them.

## The links from one admin page to the others.

admin-nav-users = Users
admin-nav-tokens = API tokens
admin-nav-webhooks = Webhooks
admin-nav-custom-fields = Custom fields
admin-nav-settings = Settings
admin-nav-audit = Audit trail

## The roles a user can have, as menus and tables name them.

admin-role-admin = admin
admin-role-manager = manager
admin-role-rep = rep

## Table columns.

admin-col-name = Name
admin-col-email = E-mail
admin-col-role = Role
admin-col-active = Active
admin-col-user = User
admin-col-created = Created
admin-col-last-used = Last used
admin-col-revoked = Revoked
# A column of buttons; not shown, read out by screen readers.
admin-col-actions = Actions

## The users page.

admin-users-title = Users
# After adding a user. $email is theirs; $password the password generated for them,
# shown in a box to copy.
admin-users-created = Added { $email }. Their password is { $password } — copy it now, it is not shown again.
# The name of a user's role menu, read out by screen readers; $name is the user's name.
admin-users-role-of = Role of { $name }
# Saves a change of role.
admin-users-change = Change
admin-users-deactivate = Deactivate
admin-users-reactivate = Reactivate
admin-users-sign-out = Sign out everywhere
# The same button as read out by screen readers; $name is the user's name.
admin-users-sign-out-label = Sign { $name } out everywhere
admin-users-add-title = Add a user
admin-users-email = E-mail
admin-users-name = Name
admin-users-role = Role
admin-users-add = Add user
# What is wrong with the role field of the form.
admin-users-choose-role = choose a role
admin-users-not-yourself = You cannot demote or deactivate yourself; ask another admin.

## The API tokens page.

admin-tokens-title = API tokens
# $header is the HTTP header that carries a token, as code.
admin-tokens-intro = Dialers, web forms and BI tools call the API with { $header }, acting as the token's user.
# After creating a token; $token is its secret, shown in a box to copy.
admin-tokens-created = New token: { $token } — copy it now, it is not shown again.
admin-tokens-form-title = A contact form for your site
admin-tokens-form-hint = Paste this form into a page on one of the key's sites and style it as you like. Set redirect to the page the visitor comes back to (the form's own, or a thank-you page): it gets leadline=received in its address.
admin-tokens-form-send = Send
admin-tokens-empty = No tokens yet.
admin-tokens-revoke = Revoke
admin-tokens-create-title = Create a token
admin-tokens-name = Name
# An example of a token's name (what will use it).
admin-tokens-name-example = dialer
# The user a token acts as: a menu of users.
admin-tokens-acts-as = Acts as
# A user in that menu: their name and role.
admin-tokens-user = { $name } ({ $role })
admin-tokens-create = Create token

## Teams on the users page.
admin-nav-teams = Teams
admin-col-team = Team
admin-users-team-of = Team of { $name }
admin-users-no-team = No team
admin-users-limited = Sees only their teams

## The API reference at /api/docs (the reference itself is in English, as the API is).

api-docs-title = API reference
api-docs-intro = Every operation, its fields and its answers. Make a token on the API tokens page, then choose Authorize to try operations here.
# A link to the machine-readable OpenAPI document.
api-docs-document = OpenAPI document
api-docs-back = Back to Leadline

## A token's limits on the API tokens page (scope names such as leads:create are codes, not translated).

admin-col-scopes = Scopes
admin-col-expires = Expires
admin-tokens-all-scopes = All its user's role allows
admin-tokens-scopes = Scopes
admin-tokens-scopes-hint = Tick what the token may do; none ticked: all its user's role allows. A web form's key has leads:create alone, and its leads are nobody's until a manager gives them out.
admin-tokens-expires = Expires (optional)
admin-tokens-origins = Web origins a browser may use it from (one a line)
admin-tokens-origins-hint = Only for a key used by pages on your own site, such as a web form: from any other site it is refused. Leave empty for a dialer or a BI tool.
