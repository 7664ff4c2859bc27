//! How dates are shown, the same way by the reader and the CLI: in the local time zone,
//! each date with the offset in force on that date (so a story from the other side of a
//! daylight-saving change is not an hour off), or in a fixed offset (tests).

use chrono::{DateTime, FixedOffset, Local, Offset, TimeZone, Utc};

/// The time zone dates are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DisplayZone {
    /// The system's local time zone (`TZ`, else the system's setting).
    #[default]
    Local,
    /// Always this offset.
    Fixed(FixedOffset),
}

impl DisplayZone {
    /// `date` as shown: converted with the offset its own moment has in this zone.
    pub fn show(self, date: DateTime<Utc>) -> DateTime<FixedOffset> {
        let offset = match self {
            Self::Local => Local.offset_from_utc_datetime(&date.naive_utc()).fix(),
            Self::Fixed(offset) => offset,
        };
        date.with_timezone(&offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_zone_shifts_every_date_by_its_offset() {
        let zone = DisplayZone::Fixed(FixedOffset::east_opt(3 * 3600).unwrap());
        let date = DateTime::parse_from_rfc3339("2017-05-02T22:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(zone.show(date).to_rfc3339(), "2017-05-03T01:30:00+03:00");
    }

    #[test]
    fn local_dates_each_take_their_own_offset() {
        // Whatever the machine's zone, each date's offset is the one in force at that date.
        let winter = Utc.with_ymd_and_hms(2026, 1, 15, 12, 0, 0).unwrap();
        let summer = Utc.with_ymd_and_hms(2026, 7, 15, 12, 0, 0).unwrap();
        for date in [winter, summer] {
            let expected = Local.offset_from_utc_datetime(&date.naive_utc()).fix();
            assert_eq!(*DisplayZone::Local.show(date).offset(), expected);
        }
    }
}
