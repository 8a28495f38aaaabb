//! Cells of the CSV files people open in a spreadsheet (`/data/assets.csv`, `supportmap review
//! --format csv`): record text is written so that no cell runs as a formula. One rule for every
//! CSV, so a fix reaches them all.

use std::borrow::Cow;

/// A cell a spreadsheet shows as text. Spreadsheets run a cell starting with `=`, `+`, `-` or
/// `@` as a formula, and some drop a leading tab or carriage return and then run what follows;
/// a leading apostrophe makes them show the cell as text instead (and is hidden by the
/// spreadsheet). Numbers, negative ones too, stay numbers.
pub(crate) fn spreadsheet_safe(cell: &str) -> Cow<'_, str> {
    if cell.parse::<f64>().is_ok() {
        return cell.into();
    }
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_spreadsheet_formulas() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("+44 1632 960123"), "'+44 1632 960123");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("\t=1+1"), "'\t=1+1");
        assert_eq!(spreadsheet_safe("\r=1+1"), "'\r=1+1");
        assert_eq!(spreadsheet_safe("-2+3"), "'-2+3");
        assert_eq!(spreadsheet_safe("Lunch club"), "Lunch club");
        assert_eq!(spreadsheet_safe("Lunch = food"), "Lunch = food");
        assert_eq!(spreadsheet_safe(""), "");
        for number in ["-2.4148", "50.7192", "0", "+3", "12"] {
            assert_eq!(spreadsheet_safe(number), number, "numbers stay numbers");
        }
    }
}
