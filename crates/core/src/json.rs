//! Just enough JSON to read a token's claims: the members of one object, whose values are kept only
//! as far as a claim can use them. The whole text is still checked against RFC 8259's grammar, so
//! that a payload that is not JSON is refused as before.
//!
//! Hand-written rather than `serde_json`: a generic parser (its `Value`, maps, float tables and
//! error positions) was most of the wasm module, and the claims need none of it.

/// How many arrays and objects may enclose each other, the outer object included: as many as
/// `serde_json` allows. Deeper input is refused rather than risking the stack.
const MAX_NESTING: usize = 127;

/// A member's value, as far as the claims need it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// `null`.
    Null,
    /// A finite number.
    Number(f64),
    /// A string, unescaped.
    String(String),
    /// An array whose items are all strings (`[]` included).
    Strings(Vec<String>),
    /// `true`, `false`, an object, or an array holding anything but strings.
    Other,
}

/// The members of the JSON object `text`, in order (a repeated name appears twice), or `None` when
/// `text` is not exactly one JSON object.
pub(crate) fn object_members(text: &str) -> Option<Vec<(String, Value)>> {
    let mut parser = Parser { text, pos: 0 };
    let mut members = Vec::new();
    parser.object(0, &mut |name, value| members.push((name, value)))?;
    parser.whitespace();
    (parser.pos == text.len()).then_some(members)
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.pos += 1;
        Some(byte)
    }

    fn whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// Skips whitespace, then consumes `byte` if it comes next.
    fn eat(&mut self, byte: u8) -> bool {
        self.whitespace();
        let found = self.peek() == Some(byte);
        if found {
            self.pos += 1;
        }
        found
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.eat(byte).then_some(())
    }

    /// `{ "name": value, … }`, each member handed to `member`.
    fn object(&mut self, depth: usize, member: &mut dyn FnMut(String, Value)) -> Option<()> {
        (depth < MAX_NESTING).then_some(())?;
        self.expect(b'{')?;
        if self.eat(b'}') {
            return Some(());
        }
        loop {
            self.whitespace();
            let name = self.string()?;
            self.expect(b':')?;
            let value = self.value(depth + 1)?;
            member(name, value);
            if !self.eat(b',') {
                return self.expect(b'}');
            }
        }
    }

    fn array(&mut self, depth: usize) -> Option<Value> {
        (depth < MAX_NESTING).then_some(())?;
        self.expect(b'[')?;
        let mut strings = Some(Vec::new());
        if !self.eat(b']') {
            loop {
                let item = self.value(depth + 1)?;
                strings = match (strings, item) {
                    (Some(mut all), Value::String(s)) => {
                        all.push(s);
                        Some(all)
                    }
                    _ => None,
                };
                if !self.eat(b',') {
                    self.expect(b']')?;
                    break;
                }
            }
        }
        Some(strings.map_or(Value::Other, Value::Strings))
    }

    /// A value `depth` arrays and objects deep.
    fn value(&mut self, depth: usize) -> Option<Value> {
        self.whitespace();
        match self.peek()? {
            b'"' => self.string().map(Value::String),
            b'-' | b'0'..=b'9' => self.number().map(Value::Number),
            b'[' => self.array(depth),
            b'{' => self.object(depth, &mut |_, _| {}).map(|()| Value::Other),
            _ => {
                for (word, value) in [
                    ("null", Value::Null),
                    ("true", Value::Other),
                    ("false", Value::Other),
                ] {
                    if self.text.get(self.pos..)?.starts_with(word) {
                        self.pos += word.len();
                        return Some(value);
                    }
                }
                None
            }
        }
    }

    /// Consumes a run of digits, folding the first 18 significant ones into `mantissa`: how many
    /// digits there were, and how many of them did not fit.
    fn digits(&mut self, mantissa: &mut f64) -> (i32, i32) {
        let (mut count, mut dropped) = (0, 0);
        while let Some(digit @ b'0'..=b'9') = self.peek() {
            if *mantissa < 1e17 {
                *mantissa = *mantissa * 10.0 + f64::from(digit - b'0');
            } else {
                dropped += 1;
            }
            self.pos += 1;
            count += 1;
        }
        (count, dropped)
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, beyond `f64`'s range refused.
    ///
    /// Exact for integers up to 2^53, which is what the number claims hold (seconds since the
    /// epoch); other numbers may land a few ulps off, where `str::parse` would be exact but would
    /// bring its tables into the wasm module for a precision that no claim needs.
    fn number(&mut self) -> Option<f64> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let leading_zero = self.peek() == Some(b'0');
        let mut mantissa = 0.0;
        let (whole, mut exponent) = self.digits(&mut mantissa);
        if whole == 0 || (leading_zero && whole > 1) {
            return None;
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            let (fraction, dropped) = self.digits(&mut mantissa);
            (fraction > 0).then_some(())?;
            exponent -= fraction - dropped;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            let negative_exponent = self.peek() == Some(b'-');
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            let mut written = 0.0;
            (self.digits(&mut written).0 > 0).then_some(())?;
            // Past 10^±1000 the result is 0 or infinite anyway; the cap keeps the sum in range.
            let written = written.min(1000.0) as i32;
            exponent += if negative_exponent { -written } else { written };
        }
        // In two halves, so that 10^exponent itself never leaves f64's range for a result inside it
        // (9.8e-301 is 9832424308559807 × 10^-315).
        let half = exponent / 2;
        let n = match mantissa {
            0.0 => 0.0,
            _ => mantissa * 10f64.powi(half) * 10f64.powi(exponent - half),
        };
        n.is_finite().then_some(if negative { -n } else { n })
    }

    /// A string, unescaped; lone surrogates and unescaped control characters are refused.
    fn string(&mut self) -> Option<String> {
        if self.next()? != b'"' {
            return None;
        }
        let mut out = String::new();
        loop {
            // Every byte the loop stops at is ASCII, so each run ends on a character boundary.
            let start = self.pos;
            while !matches!(self.peek()?, b'"' | b'\\' | 0..=0x1f) {
                self.pos += 1;
            }
            out.push_str(self.text.get(start..self.pos)?);
            match self.next()? {
                b'"' => return Some(out),
                b'\\' => out.push(self.escape()?),
                _ => return None,
            }
        }
    }

    /// What follows a backslash.
    fn escape(&mut self) -> Option<char> {
        Some(match self.next()? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                if (0xd800..0xdc00).contains(&unit) {
                    (self.next()? == b'\\' && self.next()? == b'u').then_some(())?;
                    let low = self.hex4()?;
                    (0xdc00..0xe000).contains(&low).then_some(())?;
                    char::from_u32(0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00))?
                } else {
                    char::from_u32(unit)?
                }
            }
            _ => return None,
        })
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.pos..self.pos + 4)?;
        self.pos += 4;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(digits, 16).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value as Reference;

    /// What our parser should make of a value `serde_json` read.
    fn expected(value: &Reference) -> Value {
        match value {
            Reference::Null => Value::Null,
            Reference::Number(n) => n.as_f64().map_or(Value::Other, Value::Number),
            Reference::String(s) => Value::String(s.clone()),
            Reference::Array(items) => items
                .iter()
                .map(|item| item.as_str().map(str::to_owned))
                .collect::<Option<_>>()
                .map_or(Value::Other, Value::Strings),
            Reference::Bool(_) | Reference::Object(_) => Value::Other,
        }
    }

    /// Numbers agree to 12 significant digits: claims hold whole seconds.
    fn same(ours: &Value, reference: &Value) -> bool {
        match (ours, reference) {
            (Value::Number(a), Value::Number(b)) => (a - b).abs() <= 1e-12 * b.abs().max(1e-300),
            _ => ours == reference,
        }
    }

    /// Checks `text` against `serde_json`: both refuse it, or both read the same members.
    fn agrees_with_serde_json(text: &str) -> Result<(), TestCaseError> {
        let reference = match serde_json::from_str::<Reference>(text) {
            Ok(Reference::Object(map)) => Some(map),
            _ => None,
        };
        let ours = object_members(text);
        prop_assert_eq!(ours.is_some(), reference.is_some(), "{:?}", text);
        if let (Some(ours), Some(reference)) = (ours, reference) {
            // serde_json keeps the last of repeated names, in name order; compare by name.
            for (name, value) in &reference {
                let last = ours.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v);
                let want = expected(value);
                prop_assert!(
                    last.is_some_and(|v| same(v, &want)),
                    "{name}: {last:?} vs {want:?}"
                );
            }
            prop_assert!(ours.iter().all(|(name, _)| reference.contains_key(name)));
        }
        Ok(())
    }

    #[test]
    fn reads_each_kind_of_member() {
        let text = r#" { "s" : "q\"b\\s\/b\bf\fn\nr\rt\t\u00e9\ud83d\ude00é" , "n":-1.5E+3,"z":0,"i":1700000000,
            "null":null,"t":true,"f":false,"o":{"x":[1,{"y":[]}]},"a":["x","y"],"m":["x",1],"e":[] } "#;
        let string = |s: &str| Value::String(s.into());
        let strings = |s: &[&str]| Value::Strings(s.iter().map(|s| (*s).to_owned()).collect());
        let want = [
            ("s", string("q\"b\\s/b\u{8}f\u{c}n\nr\rt\t\u{e9}\u{1f600}é")),
            ("n", Value::Number(-1500.0)),
            ("z", Value::Number(0.0)),
            ("i", Value::Number(1_700_000_000.0)),
            ("null", Value::Null),
            ("t", Value::Other),
            ("f", Value::Other),
            ("o", Value::Other),
            ("a", strings(&["x", "y"])),
            ("m", Value::Other),
            ("e", strings(&[])),
        ];
        let want: Vec<_> = want.into_iter().map(|(n, v)| (n.to_owned(), v)).collect();
        assert_eq!(object_members(text), Some(want));
        assert_eq!(object_members("{}"), Some(vec![]));
    }

    #[test]
    fn refuses_what_is_not_one_json_object() {
        let not_json = [
            "",
            " ",
            "[]",
            "\"a\"",
            "1",
            "{",
            "}",
            "{}{}",
            "{} x",
            "{,}",
            "{\"a\"}",
            "{\"a\" 1}",
            "{\"a\":1,}",
            "{'a':1}",
            "{a:1}",
            "{\"a\":tru}",
            "{\"a\":nul}",
            "{\"a\":True}",
            "{\"a\":01}",
            "{\"a\":1.}",
            "{\"a\":.5}",
            "{\"a\":-}",
            "{\"a\":- 1}",
            "{\"a\":+1}",
            "{\"a\":1e}",
            "{\"a\":1e+}",
            "{\"a\":0x10}",
            "{\"a\":1e400}",
            "{\"a\":-1e400}",
            "{\"a\":NaN}",
            "{\"a\":Infinity}",
            "{\"a\":\"\\ud800\"}",
            "{\"a\":\"\\udc00\"}",
            "{\"a\":\"\\ud800\\u0041\"}",
            "{\"a\":\"\\x\"}",
            "{\"a\":\"\\u12\"}",
            "{\"a\":\"\\u+123\"}",
            "{\"a\":\"tab\there\"}",
            "{\"a\":\"open}",
            "{\"a\":[1,]}",
            "{\"a\":[,1]}",
            "{\"a\":[1 2]}",
            "{\"a\":{\"b\"}}",
            "\u{feff}{}",
        ];
        for text in not_json {
            assert_eq!(object_members(text), None, "{text:?}");
            assert!(
                serde_json::from_str::<Reference>(text).map_or(true, |v| !v.is_object()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn nests_as_deep_as_serde_json_and_no_deeper_without_overflowing() {
        for arrays in [125, 126, 127, 128, 100_000] {
            let text = format!("{{\"a\":{}{}}}", "[".repeat(arrays), "]".repeat(arrays));
            agrees_with_serde_json(&text).unwrap();
        }
        assert!(object_members(&format!("{{\"a\":{}}}", "{\"a\":".repeat(100_000))).is_none());
    }

    #[test]
    fn reads_whole_seconds_exactly() {
        for n in [0.0, 1.0, 1_700_000_000.0, 9_007_199_254_740_992.0] {
            assert_eq!(
                object_members(&format!("{{\"exp\":{n}}}")),
                Some(vec![("exp".into(), Value::Number(n))])
            );
        }
        assert_eq!(
            object_members(r#"{"exp":17e8}"#),
            Some(vec![("exp".into(), Value::Number(1.7e9))])
        );
    }

    fn json_value() -> impl Strategy<Value = Reference> {
        let number = prop_oneof![
            any::<i64>().prop_map(Reference::from),
            (-1e300..1e300f64).prop_map(Reference::from),
            (-1e-300..1e-300f64).prop_map(Reference::from),
        ];
        let leaf = prop_oneof![
            Just(Reference::Null),
            any::<bool>().prop_map(Reference::Bool),
            number,
            any::<String>().prop_map(Reference::String),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Reference::Array),
                prop::collection::vec(any::<String>().prop_map(Reference::String), 0..4)
                    .prop_map(Reference::Array),
                prop::collection::btree_map(any::<String>(), inner, 0..6)
                    .prop_map(|m| Reference::Object(m.into_iter().collect())),
            ]
        })
    }

    fn json_object() -> impl Strategy<Value = String> {
        (
            prop::collection::btree_map(any::<String>(), json_value(), 0..8),
            any::<bool>(),
        )
            .prop_map(|(map, pretty)| {
                let object = Reference::Object(map.into_iter().collect());
                let text = if pretty {
                    serde_json::to_string_pretty(&object)
                } else {
                    serde_json::to_string(&object)
                };
                text.unwrap_or_default()
            })
    }

    proptest! {
        #[test]
        fn reads_any_json_object_as_serde_json_does(text in json_object()) {
            agrees_with_serde_json(&text)?;
        }

        #[test]
        fn refuses_exactly_what_serde_json_refuses_after_one_edit(
            text in json_object(),
            at in any::<prop::sample::Index>(),
            edit in 0..3u8,
            byte in prop::sample::select(&b"{}[]\",:.-+0123456789eEtrufalsn\\/ \t\nx\x01"[..]),
        ) {
            let mut bytes = text.into_bytes();
            let at = at.index(bytes.len() + 1);
            match edit {
                0 => bytes.insert(at, byte),
                1 if at < bytes.len() => { bytes.remove(at); }
                _ if at < bytes.len() => bytes[at] = byte,
                _ => bytes.push(byte),
            }
            if let Ok(text) = String::from_utf8(bytes) {
                agrees_with_serde_json(&text)?;
            }
        }

        #[test]
        fn never_panics_on_any_text(text in ".{0,200}") {
            let _ = object_members(&text);
        }
    }
}
