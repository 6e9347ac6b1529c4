//! Touches: contact with a lead other than a call (a chat, a text message, an e-mail, a
//! meeting). They are logged beside calls and never counted as calls.

string_enum!(
    /// How the lead was touched.
    TouchKind {
        Whatsapp => "whatsapp",
        Wechat => "wechat",
        Telegram => "telegram",
        Sms => "sms",
        Email => "email",
        Meeting => "meeting",
    }
);

impl TouchKind {
    /// A chat in a messenger (seed 004's one-to-one conversion happens in these).
    pub fn is_chat(self) -> bool {
        matches!(
            self,
            TouchKind::Whatsapp | TouchKind::Wechat | TouchKind::Telegram
        )
    }
}
