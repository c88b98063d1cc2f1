//! CSV records as RFC 4180 writes them, with what Cognito's guide adds: fields separated by
//! commas, records by CRLF or LF; a field that starts with a double quote runs to the closing
//! one and may hold commas, line breaks and doubled quotes (`""` is one `"`); outside quotes,
//! `\,` is a comma inside the field (the guide's way to write one). Blank lines are passed over
//! and a byte-order mark before the header is ignored. No dependency: this is all the import
//! needs, and it reads the file where it lies in memory.

/// Why a record could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(super) enum Malformed {
    /// A quoted field runs to the end of the file.
    #[error("a quoted field is not closed")]
    UnclosedQuote,
    /// Something other than a comma or a line break follows a closing quote.
    #[error("text follows the closing quote of a field")]
    TextAfterQuote,
}

/// The records of a file, each with the line it starts on (1-based, for the log).
pub(super) struct Records<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
}

impl<'a> Records<'a> {
    /// The records of `text`.
    pub(super) fn new(text: &'a str) -> Self {
        Self {
            text: text.strip_prefix('\u{feff}').unwrap_or(text),
            pos: 0,
            line: 1,
        }
    }

    /// Reads the record at `self.pos`, moving past its line break.
    fn record(&mut self) -> Result<Vec<String>, Malformed> {
        let rest = &self.text[self.pos..];
        let mut chars = rest.char_indices().peekable();
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut in_quotes = false;
        let mut was_quoted = false;
        let mut error = None;
        let mut end = rest.len();
        while let Some((i, c)) = chars.next() {
            if in_quotes {
                match c {
                    '"' if chars.peek().map(|&(_, next)| next) == Some('"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => in_quotes = false,
                    '\n' => {
                        self.line += 1;
                        field.push(c);
                    }
                    _ => field.push(c),
                }
                continue;
            }
            match c {
                ',' => {
                    fields.push(std::mem::take(&mut field));
                    was_quoted = false;
                }
                '\n' => {
                    end = i + 1;
                    break;
                }
                '\r' if chars.peek().map(|&(_, next)| next) == Some('\n') => {
                    end = i + 2;
                    break;
                }
                _ if was_quoted => {
                    error.get_or_insert(Malformed::TextAfterQuote);
                }
                '"' if field.is_empty() => {
                    in_quotes = true;
                    was_quoted = true;
                }
                '\\' if chars.peek().map(|&(_, next)| next) == Some(',') => {
                    chars.next();
                    field.push(',');
                }
                _ => field.push(c),
            }
        }
        if in_quotes {
            error = Some(Malformed::UnclosedQuote);
        }
        fields.push(field);
        self.pos += end;
        self.line += 1;
        match error {
            Some(e) => Err(e),
            None => Ok(fields),
        }
    }
}

impl Iterator for Records<'_> {
    /// The line the record starts on, and its fields.
    type Item = (usize, Result<Vec<String>, Malformed>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let rest = &self.text[self.pos..];
            if rest.is_empty() {
                return None;
            }
            let blank = if rest.starts_with("\r\n") {
                2
            } else if rest.starts_with('\n') {
                1
            } else {
                break;
            };
            self.pos += blank;
            self.line += 1;
        }
        let line = self.line;
        Some((line, self.record()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(usize, Result<Vec<String>, Malformed>)> {
        Records::new(text).collect()
    }

    fn fields(items: &[&str]) -> Result<Vec<String>, Malformed> {
        Ok(items.iter().map(|s| (*s).to_string()).collect())
    }

    #[test]
    fn plain_fields_split_on_commas_and_lines() {
        assert_eq!(
            read("a,b,c\r\n1,,3\n"),
            [(1, fields(&["a", "b", "c"])), (2, fields(&["1", "", "3"]))]
        );
        assert_eq!(read("x"), [(1, fields(&["x"]))]);
        assert_eq!(read("a,"), [(1, fields(&["a", ""]))]);
        assert!(read("").is_empty());
    }

    #[test]
    fn quoted_fields_keep_commas_quotes_and_line_breaks() {
        assert_eq!(
            read("\"Doe, Jane\",\"say \"\"hi\"\"\",\"two\nlines\"\nnext\n"),
            [
                (1, fields(&["Doe, Jane", "say \"hi\"", "two\nlines"])),
                (3, fields(&["next"]))
            ]
        );
        assert_eq!(read("\"\",b"), [(1, fields(&["", "b"]))]);
    }

    #[test]
    fn a_backslash_escapes_a_comma_outside_quotes() {
        assert_eq!(
            read("1 Main St\\, Springfield,x\\y"),
            [(1, fields(&["1 Main St, Springfield", "x\\y"]))]
        );
    }

    #[test]
    fn blank_lines_and_a_byte_order_mark_are_passed_over() {
        assert_eq!(
            read("\u{feff}h1,h2\n\n1,2\r\n\r\n"),
            [(1, fields(&["h1", "h2"])), (3, fields(&["1", "2"]))]
        );
    }

    #[test]
    fn malformed_records_fail_alone() {
        assert_eq!(
            read("\"a\"b,c\nok\n"),
            [(1, Err(Malformed::TextAfterQuote)), (2, fields(&["ok"]))]
        );
        assert_eq!(
            read("ok\n\"open,x\n"),
            [(1, fields(&["ok"])), (2, Err(Malformed::UnclosedQuote))]
        );
        // A quote inside an unquoted field is an ordinary character.
        assert_eq!(read("5'11\",x"), [(1, fields(&["5'11\"", "x"]))]);
    }
}
