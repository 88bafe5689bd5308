//! Dates in the person's locale and time zone, through the browser's Intl (smaller than
//! bundling a formatter), with the exact UTC time for hover.

use chrono::{DateTime, SecondsFormat, Utc};
use js_sys::{Array, Date, Intl, JsString, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// One `Intl.DateTimeFormat`, built once per page: building it is the expensive part.
#[derive(Clone)]
pub struct DateFormatter(Intl::DateTimeFormat);

impl DateFormatter {
    /// Falls back to the browser's own locale and zone when the given ones are not valid.
    pub fn new(locale: Option<&str>, time_zone: Option<&str>) -> Self {
        Self::try_new(locale, time_zone).unwrap_or_else(|_| {
            DateFormatter(Intl::DateTimeFormat::new(&Array::new(), &options(None)))
        })
    }

    /// Fails with the browser's own message for an unknown locale or time zone.
    pub fn try_new(locale: Option<&str>, time_zone: Option<&str>) -> Result<Self, String> {
        let locales = Array::new();
        if let Some(locale) = locale {
            locales.push(&JsValue::from_str(locale));
        }
        // Constructed through Reflect so that a RangeError comes back as a value, not a trap.
        let constructor = Reflect::get(&js_sys::global(), &"Intl".into())
            .and_then(|intl| Reflect::get(&intl, &"DateTimeFormat".into()))
            .ok()
            .and_then(|c| c.dyn_into::<js_sys::Function>().ok())
            .ok_or_else(|| "Intl.DateTimeFormat is not available".to_string())?;
        let args = Array::of2(&locales, &options(time_zone));
        Reflect::construct(&constructor, &args)
            .map(|format| DateFormatter(format.unchecked_into()))
            .map_err(|error| {
                error
                    .dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
                    .unwrap_or_else(|| "invalid locale or time zone".to_string())
            })
    }

    /// e.g. "Nov 26, 2026, 10:14 PM" in en-US, "26.11.2026, 22:14" in de-DE.
    pub fn local(&self, at: &DateTime<Utc>) -> String {
        let date = Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
        formatted(&self.0, &date).unwrap_or_else(|| exact_utc(at))
    }
}

/// A [`DateFormatter`] built on first use: building one takes tens of milliseconds on a slow
/// laptop, and the list request should not wait for it.
pub struct LazyDateFormatter {
    locale: Option<String>,
    time_zone: Option<String>,
    built: std::cell::OnceCell<DateFormatter>,
}

impl LazyDateFormatter {
    pub fn new(locale: Option<String>, time_zone: Option<String>) -> Self {
        LazyDateFormatter {
            locale,
            time_zone,
            built: std::cell::OnceCell::new(),
        }
    }

    pub fn get(&self) -> &DateFormatter {
        self.built
            .get_or_init(|| DateFormatter::new(self.locale.as_deref(), self.time_zone.as_deref()))
    }
}

/// "2026-11-26 21:14:43 UTC": unambiguous, for the hover title.
pub fn exact_utc(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
        .replace('T', " ")
        .replace('Z', " UTC")
}

fn options(time_zone: Option<&str>) -> Object {
    let options = Object::new();
    let _ = Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = Reflect::set(&options, &"timeStyle".into(), &"short".into());
    if let Some(zone) = time_zone {
        let _ = Reflect::set(&options, &"timeZone".into(), &zone.into());
    }
    options
}

/// The browser's clock.
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(Date::now() as i64).unwrap_or_default()
}

/// The date `days` from today in the browser's time zone, as a date input writes it
/// ("2026-12-27").
pub fn local_date_in(days: u32) -> String {
    let date = Date::new_0();
    date.set_date(date.get_date() + days);
    format!(
        "{:04}-{:02}-{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date()
    )
}

/// The end of a date input's day ("2026-12-27") in the browser's time zone: the key works
/// through that whole day.
pub fn end_of_local_day(date: &str) -> Option<DateTime<Utc>> {
    let mut parts = date.splitn(3, '-').map(|part| part.parse::<u32>().ok());
    let (year, month, day) = (parts.next()??, parts.next()??, parts.next()??);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    // Midnight at the start of the next day; Date rolls day 32 over into the next month.
    let end = Date::new_with_year_month_day(year, month as i32 - 1, day as i32 + 1);
    DateTime::from_timestamp_millis(end.get_time() as i64)
}

/// A UTC day ("2026-12-04") as short as the locale writes it: "Dec 4", "4. Dez.", "12月4日".
pub struct DayFormat(Intl::DateTimeFormat);

impl DayFormat {
    pub fn new(locale: &str) -> Self {
        let options = Object::new();
        let _ = Reflect::set(&options, &"month".into(), &"short".into());
        let _ = Reflect::set(&options, &"day".into(), &"numeric".into());
        let _ = Reflect::set(&options, &"timeZone".into(), &"UTC".into());
        DayFormat(Intl::DateTimeFormat::new(
            &Array::of1(&locale.into()),
            &options,
        ))
    }

    pub fn day(&self, date: &str) -> String {
        let at = Date::new(&JsValue::from_str(&format!("{date}T00:00:00Z")));
        formatted(&self.0, &at).unwrap_or_else(|| date.to_string())
    }
}

/// `date` as `format` writes it; `None` if the browser would not.
fn formatted(format: &Intl::DateTimeFormat, date: &Date) -> Option<String> {
    format
        .format()
        .call1(format, date)
        .ok()
        .and_then(|text| text.dyn_into::<JsString>().ok())
        .map(String::from)
}
