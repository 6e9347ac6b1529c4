//! How the domain's closed sets are stored: each by its snake_case name, a stage by its
//! index in the funnel. A stored value the domain does not know fails to decode, loudly,
//! instead of being read as some default.

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueRef};
use sqlx::{Decode, Encode, Postgres, Type};

use crate::domain::call::{Direction, Intent, Outcome};
use crate::domain::farming::CameBackBy;
use crate::domain::money::SpendCategory;
use crate::domain::notice::NoticeKind;
use crate::domain::stage::{EventKind, LeadStatus, Stage};
use crate::domain::touch::TouchKind;
use crate::domain::user::Role;
use crate::domain::webhook::{DeliveryStatus, EventType};

macro_rules! text_column {
    ($($name:ident),+ $(,)?) => {$(
        impl Type<Postgres> for $name {
            fn type_info() -> PgTypeInfo {
                <&str as Type<Postgres>>::type_info()
            }

            fn compatible(ty: &PgTypeInfo) -> bool {
                <&str as Type<Postgres>>::compatible(ty)
            }
        }

        impl<'r> Decode<'r, Postgres> for $name {
            fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
                let text = <&str as Decode<Postgres>>::decode(value)?;
                $name::parse(text)
                    .ok_or_else(|| format!("`{text}` is not a {}", stringify!($name)).into())
            }
        }

        impl Encode<'_, Postgres> for $name {
            fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
                <&str as Encode<Postgres>>::encode_by_ref(&self.as_str(), buf)
            }
        }
    )+};
}

text_column!(
    Role,
    Outcome,
    Intent,
    Direction,
    LeadStatus,
    EventKind,
    SpendCategory,
    DeliveryStatus,
    EventType,
    NoticeKind,
    TouchKind,
    CameBackBy
);

// A subscription's events are a text[] column.
impl sqlx::postgres::PgHasArrayType for EventType {
    fn array_type_info() -> PgTypeInfo {
        <&str as sqlx::postgres::PgHasArrayType>::array_type_info()
    }

    fn array_compatible(ty: &PgTypeInfo) -> bool {
        <&str as sqlx::postgres::PgHasArrayType>::array_compatible(ty)
    }
}

impl Type<Postgres> for Stage {
    fn type_info() -> PgTypeInfo {
        <i16 as Type<Postgres>>::type_info()
    }

    fn compatible(ty: &PgTypeInfo) -> bool {
        <i16 as Type<Postgres>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Postgres> for Stage {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        let index = <i16 as Decode<Postgres>>::decode(value)?;
        Stage::from_index(index).ok_or_else(|| format!("{index} is not a stage").into())
    }
}

impl Encode<'_, Postgres> for Stage {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        <i16 as Encode<Postgres>>::encode_by_ref(&self.index(), buf)
    }
}
