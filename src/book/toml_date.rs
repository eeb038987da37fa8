//! Dates as people write them in TOML. A date may be quoted (`"2026-12-04"`) or written as a
//! TOML date (`2026-12-04`), which TOML reads as a value of its own type; a datetime names a
//! day too, and a year alone (`1986`) is an integer. All become the text `YYYY[-MM[-DD]]` that
//! the model keeps, so the rest of the pipeline sees one form.

use toml::value::{Datetime, Value};

/// The date text of a TOML value, or why it is not a date. The text is not yet checked for
/// form: the manifest wants a full day, a piece also takes a year or a month.
pub fn date_text(value: &Value) -> Result<String, String> {
    match value {
        Value::String(text) => Ok(text.clone()),
        Value::Datetime(datetime) => datetime_day(datetime),
        // A year written without quotes; whether a year alone will do is for the caller.
        Value::Integer(year) => Ok(year.to_string()),
        other => Err(format!(
            "a date must be a date such as 2026-12-04, not {}",
            type_name(other)
        )),
    }
}

/// The day a TOML date or datetime names. A datetime's time (and offset) is dropped: a
/// publication date is a day, and the day written is the one meant.
fn datetime_day(datetime: &Datetime) -> Result<String, String> {
    match datetime.date {
        Some(date) => Ok(format!(
            "{:04}-{:02}-{:02}",
            date.year, date.month, date.day
        )),
        None => Err(format!("`{datetime}` is a time of day, not a date")),
    }
}

/// A TOML value's type as a person would name it.
fn type_name(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "a string",
        Value::Integer(_) => "a number",
        Value::Float(_) => "a number",
        Value::Boolean(_) => "true or false",
        Value::Datetime(_) => "a datetime",
        Value::Array(_) => "a list",
        Value::Table(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(toml_text: &str) -> Value {
        let table: toml::Table = toml::from_str(&format!("date = {toml_text}")).expect("toml");
        table["date"].clone()
    }

    #[test]
    fn quoted_and_bare_dates_give_the_same_text() {
        assert_eq!(
            date_text(&value("\"2026-12-04\"")).as_deref(),
            Ok("2026-12-04")
        );
        assert_eq!(date_text(&value("2026-12-04")).as_deref(), Ok("2026-12-04"));
    }

    #[test]
    fn a_datetime_gives_its_day() {
        assert_eq!(
            date_text(&value("2026-12-04T10:30:00")).as_deref(),
            Ok("2026-12-04")
        );
        assert_eq!(
            date_text(&value("2026-12-04T23:30:00-05:00")).as_deref(),
            Ok("2026-12-04")
        );
    }

    #[test]
    fn a_time_of_day_or_a_list_is_not_a_date() {
        assert!(date_text(&value("10:30:00"))
            .unwrap_err()
            .contains("time of day"));
        assert!(date_text(&value("[2026]")).unwrap_err().contains("a list"));
    }

    #[test]
    fn a_bare_year_is_its_digits() {
        assert_eq!(date_text(&value("1986")).as_deref(), Ok("1986"));
    }
}
