//! Reporting for validation: `At` places a problem with one record at the field it is about,
//! and owns the checks every kind of record shares (a required field, a required text, text
//! left as a template's example, the `last_reviewed` date and whether it is overdue).

use crate::diagnostics::Diagnostics;
use crate::records::Date;
use crate::scaffold::{is_example_text, NewKind};
use crate::yaml::{PosIndex, YamlPath};
use chrono::NaiveDate;
use std::path::Path;

/// Reports problems in one file at the position of a field.
pub(crate) struct At<'a> {
    pub(crate) file: &'a Path,
    pub(crate) index: &'a PosIndex,
}

impl At<'_> {
    pub(crate) fn error(
        &self,
        diags: &mut Diagnostics,
        path: &YamlPath,
        message: impl Into<String>,
        help: &str,
    ) {
        let d = diags.error(self.file, self.index.value(path), message);
        if !help.is_empty() {
            d.help(help);
        }
    }

    pub(crate) fn warning(
        &self,
        diags: &mut Diagnostics,
        path: &YamlPath,
        message: impl Into<String>,
        help: &str,
    ) {
        let d = diags.warning(self.file, self.index.value(path), message);
        if !help.is_empty() {
            d.help(help);
        }
    }

    /// A required field's value, or an error saying it is missing.
    pub(crate) fn required<'v, T>(
        &self,
        diags: &mut Diagnostics,
        value: &'v Option<T>,
        field: &str,
        example: &str,
    ) -> Option<&'v T> {
        if value.is_none() && !self.index.was_dropped(&YamlPath::root().key(field)) {
            let d = diags.error(
                self.file,
                self.index.value(&YamlPath::root()),
                format!("missing required field \"{field}\""),
            );
            d.help(format!("add a line such as: {field}: {example}"));
        }
        value.as_ref()
    }

    /// The record's required `last_reviewed` date (the example offered is today).
    pub(crate) fn last_reviewed(
        &self,
        diags: &mut Diagnostics,
        value: &Option<Date>,
        today: NaiveDate,
    ) -> Option<NaiveDate> {
        self.required(diags, value, "last_reviewed", &today.to_string())
            .map(|d| d.0)
    }

    pub(crate) fn required_text(
        &self,
        diags: &mut Diagnostics,
        value: &Option<String>,
        field: &str,
        example: &str,
    ) -> Option<String> {
        let text = self
            .required(diags, value, field, example)?
            .trim()
            .to_string();
        if text.is_empty() {
            self.error(
                diags,
                &YamlPath::root().key(field),
                format!("\"{field}\" is empty"),
                &format!("write something, such as: {field}: {example}"),
            );
            return None;
        }
        Some(text)
    }

    /// An error when `text` is still the example that `supportmap new` wrote in `field`: the
    /// record would be published with the template's words.
    pub(crate) fn example_left(
        &self,
        diags: &mut Diagnostics,
        kind: NewKind,
        field: &str,
        text: &str,
        help: &str,
    ) {
        if is_example_text(kind, field, text) {
            self.error(
                diags,
                &YamlPath::root().key(field),
                format!("{field} is still the example text"),
                help,
            );
        }
    }

    /// A warning when the record was last reviewed more than `review_after` days ago (the
    /// site says it may be out of date), an error when the date is still to come.
    pub(crate) fn overdue(
        &self,
        diags: &mut Diagnostics,
        reviewed: NaiveDate,
        today: NaiveDate,
        review_after: u32,
    ) {
        let age = (today - reviewed).num_days();
        if age > i64::from(review_after) {
            self.warning(
                diags,
                &YamlPath::root().key("last_reviewed"),
                format!("last reviewed {age} days ago (more than {review_after}): the site will show it may be out of date"),
                "check the details with the organisation, then set last_reviewed to the date you checked",
            );
        } else if age < 0 {
            self.error(
                diags,
                &YamlPath::root().key("last_reviewed"),
                "last_reviewed is in the future",
                "use the date the record was last checked",
            );
        }
    }
}
