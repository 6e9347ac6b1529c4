# The admin's page of custom fields: what the company records on its leads beyond
# Leadline's own fields.

custom-fields-title = Custom fields
custom-fields-intro = Fields your company records on every lead beyond Leadline's own: a campaign's UTM tags, a budget, a city. They show on each lead's page and form, filter the leads list, come with the API (a lead's custom, by key), and go into exports. A web form fills one by a field named as its key. A field is never deleted: one no longer used is made inactive, and the values leads hold stay.
custom-fields-empty = No custom fields yet.
custom-fields-col-label = Label
custom-fields-col-key = Key
custom-fields-col-kind = Kind
custom-fields-col-choices = Choices
custom-fields-col-active = In use
# $key: the field's key, such as utm_source.
custom-fields-label-of = Label of { $key }
custom-fields-choices-of = Choices of { $key }
custom-fields-active-of = { $key } in use
custom-fields-add-title = Add a field
custom-fields-key-hint = How the API, the import and web forms name the field: lowercase letters, digits and _. Left empty, it is made from the label. It never changes.
custom-fields-choices-hint = For a list: one choice a line.
custom-fields-add = Add field
custom-fields-kind-text = Text
custom-fields-kind-number = Number
custom-fields-kind-date = Date
custom-fields-kind-choice = One of a list
