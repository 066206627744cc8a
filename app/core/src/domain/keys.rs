//! Keys: the names records have in addresses and files, made from their
//! names and checked the same way in the browser and on the server.

/// A URL-safe key made from a name: `Oppstart og organisering` →
/// `oppstart-og-organisering`.
pub fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.to_lowercase().chars() {
        let mapped: &str = match c {
            'æ' | 'ä' => "ae",
            'ø' | 'ö' => "o",
            'å' | 'à' | 'á' => "a",
            'é' | 'è' => "e",
            'ü' => "u",
            c if c.is_ascii_alphanumeric() => {
                slug.push(c);
                continue;
            }
            _ => "-",
        };
        slug.push_str(mapped);
    }
    let parts: Vec<&str> = slug.split('-').filter(|p| !p.is_empty()).collect();
    let mut joined = parts.join("-");
    joined.truncate(48);
    let joined = joined.trim_end_matches('-').to_owned();
    if joined.is_empty() {
        "item".to_owned()
    } else {
        joined
    }
}

/// The longest a project's key may be, in characters.
pub const MAX_PROJECT_KEY_CHARS: usize = 48;

/// What is wrong with `key` as a project's key, if anything. A project's
/// key is in its addresses (`/p/{key}`) and never changes: 2 to 48
/// lower-case letters a–z, digits and single dashes, beginning and ending
/// with a letter or digit.
pub fn project_key_problem(key: &str) -> Option<String> {
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    let length = key.chars().count();
    if length < 2 {
        Some("must be at least 2 characters".to_owned())
    } else if length > MAX_PROJECT_KEY_CHARS {
        Some(format!("is longer than {MAX_PROJECT_KEY_CHARS} characters"))
    } else if !key.chars().all(allowed) {
        Some("may hold only lower-case letters a–z, digits and dashes".to_owned())
    } else if key.starts_with('-') || key.ends_with('-') || key.contains("--") {
        Some("must begin and end with a letter or digit, with single dashes between".to_owned())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_keys_are_url_safe_and_bounded() {
        for good in [
            "ab",
            "interreg-integrering",
            "prosjekt-2012",
            &"a".repeat(48),
        ] {
            assert_eq!(project_key_problem(good), None, "{good}");
        }
        for bad in [
            "",
            "a",
            "Stor",
            "æøå",
            "a b",
            "-a",
            "a-",
            "a--b",
            &"a".repeat(49),
        ] {
            assert!(project_key_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn a_name_suggests_a_key_that_passes() {
        let key = slug("Integrering av personer med psykiske lidelser");
        assert_eq!(key, "integrering-av-personer-med-psykiske-lidelser");
        assert_eq!(project_key_problem(&key), None);
    }
}
