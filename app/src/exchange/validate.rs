//! Checks what the file's shape cannot: references between entries, periods,
//! half-years and mark counts. Every problem names the field it is in.

use std::collections::HashSet;
use std::fmt;

use crate::domain::{HalfYear, MAX_MARKS, MAX_NAME_CHARS, Period, Role};

use super::format::{ActivityDoc, ExchangeFile, FORMATS_READ, member_key};
use super::records::{activity_key, milestone_key, series_key, status_key};

/// One thing wrong with an exchange file, e.g.
/// `sub_projects[1].activities[0].marks."2012-H1": outside the plan's period`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub field: String,
    pub problem: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn add(&mut self, field: impl Into<String>, problem: impl Into<String>) {
        self.0.push(Problem {
            field: field.into(),
            problem: problem.into(),
        });
    }

    fn require_text(&mut self, field: String, value: &str) {
        if value.trim().is_empty() {
            self.add(field, "must not be empty");
        } else if value.trim().chars().count() > MAX_NAME_CHARS {
            self.add(field, format!("is longer than {MAX_NAME_CHARS} characters"));
        }
    }

    /// Keys of one kind must be unique within the project.
    fn unique_key(&mut self, seen: &mut HashSet<String>, field: String, key: &str) {
        self.require_key(field.clone(), key);
        if !seen.insert(key.to_owned()) {
            self.add(field, format!("'{key}' is used twice"));
        }
    }

    fn require_span<T: PartialOrd + fmt::Display>(
        &mut self,
        field: String,
        first: Option<T>,
        last: Option<T>,
    ) {
        if let (Some(first), Some(last)) = (first, last)
            && last < first
        {
            self.add(field, format!("{last} is before {first}"));
        }
    }

    fn require_key(&mut self, field: String, value: &str) {
        let well_formed = !value.is_empty()
            && value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !well_formed {
            self.add(
                field,
                format!("'{value}' is not a key: use lower-case letters a–z, digits and dashes"),
            );
        }
    }

    fn require_ordered(&mut self, field: String, period: &Period) {
        if period.start > period.end {
            self.add(
                field,
                format!("starts {} after it ends {}", period.start, period.end),
            );
        }
    }
}

/// Every problem in the file; empty when it can be imported.
pub fn validate(file: &ExchangeFile) -> Vec<Problem> {
    let mut problems = Problems::default();
    if !FORMATS_READ.contains(&file.format.as_str()) {
        problems.add(
            "format",
            format!(
                "'{}' is not a format this version reads; expected one of {}",
                file.format,
                FORMATS_READ.join(", ")
            ),
        );
    }

    let project = &file.project;
    problems.require_key("project.key".into(), &project.key);
    problems.require_text("project.name".into(), &project.name);
    problems.require_ordered("project.period".into(), &project.period);
    let website = project.website.trim();
    if !website.is_empty() && !crate::domain::is_web_address(website) {
        problems.add(
            "project.website",
            "must be a web address starting with http:// or https://",
        );
    }
    if !project.period.is_bounded() {
        problems.add(
            "project.period",
            format!("must not be longer than {} years", Period::MAX_YEARS),
        );
    }
    let outside = |problems: &mut Problems, field: String, day: Option<chrono::NaiveDate>| {
        if let Some(problem) = day.and_then(|day| project.period.outside(day)) {
            problems.add(field, problem);
        }
    };

    let mut partner_keys = HashSet::new();
    for (i, partner) in file.partners.iter().enumerate() {
        problems.require_key(format!("partners[{i}].key"), &partner.key);
        problems.require_text(format!("partners[{i}].name"), &partner.name);
        if !partner_keys.insert(partner.key.as_str()) {
            problems.add(
                format!("partners[{i}].key"),
                format!("'{}' is used twice", partner.key),
            );
        }
    }

    let mut sub_project_keys = HashSet::new();
    for (i, sub) in file.sub_projects.iter().enumerate() {
        let at = format!("sub_projects[{i}]");
        problems.require_key(format!("{at}.key"), &sub.key);
        problems.require_text(format!("{at}.name"), &sub.name);
        if !sub_project_keys.insert(sub.key.as_str()) {
            problems.add(format!("{at}.key"), format!("'{}' is used twice", sub.key));
        }
        if let Some(lead) = &sub.lead_partner
            && !partner_keys.contains(lead.as_str())
        {
            problems.add(
                format!("{at}.lead_partner"),
                format!("no partner has the key '{lead}'"),
            );
        }
        problems.require_ordered(format!("{at}.period"), &sub.period);
        if sub.period.start < project.period.start || sub.period.end > project.period.end {
            problems.add(format!("{at}.period"), "lies outside the project's period");
        }
        check_plan(&mut problems, &at, &sub.activities, &sub.period);
    }
    check_plan(&mut problems, "", &file.activities, &project.period);

    let mut activity_keys = HashSet::new();
    for (i, sub) in file.sub_projects.iter().enumerate() {
        for (j, activity) in sub.activities.iter().enumerate() {
            let key = activity_key(activity, Some(&sub.key), j);
            problems.unique_key(
                &mut activity_keys,
                format!("sub_projects[{i}].activities[{j}].key"),
                &key,
            );
        }
    }
    for (j, activity) in file.activities.iter().enumerate() {
        let key = activity_key(activity, None, j);
        problems.unique_key(&mut activity_keys, format!("activities[{j}].key"), &key);
    }

    let check_owner = |problems: &mut Problems, field: String, owner: &Option<String>| {
        if let Some(key) = owner
            && !sub_project_keys.contains(key.as_str())
        {
            problems.add(field, format!("no sub-project has the key '{key}'"));
        }
    };

    let mut milestone_keys = HashSet::new();
    for (i, milestone) in file.milestones.iter().enumerate() {
        let at = format!("milestones[{i}]");
        problems.unique_key(
            &mut milestone_keys,
            format!("{at}.key"),
            &milestone_key(milestone, i),
        );
        problems.require_text(format!("{at}.name"), &milestone.name);
        problems.require_span(
            format!("{at}.actual_last_day"),
            milestone.actual_first_day,
            milestone.actual_last_day,
        );
        if let Some(last) = milestone.last_day
            && last < milestone.first_day
        {
            problems.add(format!("{at}.last_day"), "is before first_day");
        }
        outside(
            &mut problems,
            format!("{at}.first_day"),
            Some(milestone.first_day),
        );
        outside(&mut problems, format!("{at}.last_day"), milestone.last_day);
        outside(
            &mut problems,
            format!("{at}.actual_first_day"),
            milestone.actual_first_day,
        );
        outside(
            &mut problems,
            format!("{at}.actual_last_day"),
            milestone.actual_last_day,
        );
        check_owner(
            &mut problems,
            format!("{at}.sub_project"),
            &milestone.sub_project,
        );
    }
    let mut series_keys = HashSet::new();
    for (i, series) in file.meeting_series.iter().enumerate() {
        let at = format!("meeting_series[{i}]");
        problems.unique_key(
            &mut series_keys,
            format!("{at}.key"),
            &series_key(series, i),
        );
        problems.require_text(format!("{at}.name"), &series.name);
        let dates = series
            .cadence
            .occurrences(series.first_date, series.last_date);
        let mut outcome_dates = HashSet::new();
        for (j, outcome) in series.outcomes.iter().enumerate() {
            let field = format!("{at}.outcomes[{j}].date");
            if !dates.contains(&outcome.date) {
                problems.add(
                    field.clone(),
                    format!("{} is not a date of this series", outcome.date),
                );
            }
            if !outcome_dates.insert(outcome.date) {
                problems.add(field, format!("{} appears twice", outcome.date));
            }
        }
        if series.last_date < series.first_date {
            problems.add(format!("{at}.last_date"), "is before first_date");
        }
        outside(
            &mut problems,
            format!("{at}.first_date"),
            Some(series.first_date),
        );
        outside(
            &mut problems,
            format!("{at}.last_date"),
            Some(series.last_date),
        );
        check_owner(
            &mut problems,
            format!("{at}.sub_project"),
            &series.sub_project,
        );
    }
    let mut status_keys = HashSet::new();
    for (i, status) in file.status_statements.iter().enumerate() {
        let at = format!("status_statements[{i}]");
        problems.unique_key(
            &mut status_keys,
            format!("{at}.key"),
            &status_key(status, i),
        );
        if status.text.trim().is_empty() {
            problems.add(format!("{at}.text"), "must not be empty");
        }
        check_owner(
            &mut problems,
            format!("{at}.sub_project"),
            &status.sub_project,
        );
    }
    let mut baseline_keys = HashSet::new();
    for (i, baseline) in file.baselines.iter().enumerate() {
        let at = format!("baselines[{i}]");
        problems.unique_key(&mut baseline_keys, format!("{at}.key"), &baseline.key);
        problems.require_text(format!("{at}.name"), &baseline.name);
    }
    let address = |problems: &mut Problems, field: String, email: &str| {
        if crate::account::users::normalise_email("email", email).is_err() {
            problems.add(field, format!("'{email}' is not an email address"));
        }
    };
    let mut member_keys = HashSet::new();
    for (i, member) in file.members.iter().enumerate() {
        let at = format!("members[{i}]");
        address(&mut problems, format!("{at}.email"), &member.email);
        check_owner(
            &mut problems,
            format!("{at}.sub_project"),
            &member.sub_project,
        );
        match (member.role, &member.sub_project) {
            (Role::SubProjectLeader, None) => problems.add(
                format!("{at}.sub_project"),
                "a sub-project leader needs the sub-project's key",
            ),
            (Role::Leader | Role::Partner, Some(_)) => problems.add(
                format!("{at}.sub_project"),
                "only a sub-project leader has a sub-project",
            ),
            _ => {}
        }
        let key = member_key(
            &member.email.trim().to_lowercase(),
            member.sub_project.as_deref(),
        );
        if !member_keys.insert(key.clone()) {
            problems.add(format!("{at}.email"), format!("'{key}' is a member twice"));
        }
        if !member.name.is_empty() {
            problems.require_text(format!("{at}.name"), &member.name);
        }
    }
    let mut addresses = HashSet::new();
    for (i, person) in file.people.iter().enumerate() {
        let at = format!("people[{i}]");
        address(&mut problems, format!("{at}.email"), &person.email);
        if !addresses.insert(person.email.trim().to_lowercase()) {
            problems.add(format!("{at}.email"), "is named twice");
        }
        problems.require_text(format!("{at}.name"), &person.name);
    }
    let mut link_keys = HashSet::new();
    for (i, link) in file.share_links.iter().enumerate() {
        let at = format!("share_links[{i}]");
        problems.unique_key(&mut link_keys, format!("{at}.key"), &link.key);
        problems.require_text(format!("{at}.label"), &link.label);
        if let Some(email) = &link.created_by {
            address(&mut problems, format!("{at}.created_by"), email);
        }
    }

    // The history runs forward from the body.
    let mut previous = file.recorded.as_ref().map(|r| r.at);
    for (i, change_set) in file.history.iter().enumerate() {
        if let Some(before) = previous
            && change_set.recorded_at < before
        {
            problems.add(
                format!("history[{i}].recorded_at"),
                format!(
                    "{} is earlier than the change before it",
                    change_set.recorded_at
                ),
            );
        }
        previous = Some(change_set.recorded_at);
    }
    problems.0
}

fn check_plan(problems: &mut Problems, owner: &str, activities: &[ActivityDoc], period: &Period) {
    let columns = period.half_years();
    let prefix = if owner.is_empty() {
        String::new()
    } else {
        format!("{owner}.")
    };
    let mut names = HashSet::new();
    for (i, activity) in activities.iter().enumerate() {
        let at = format!("{prefix}activities[{i}]");
        problems.require_text(format!("{at}.name"), &activity.name);
        if !names.insert(activity.name.trim()) {
            problems.add(
                format!("{at}.name"),
                format!("'{}' appears twice in this plan", activity.name),
            );
        }
        for (half_year, marks) in &activity.marks {
            let field = format!("{at}.marks.\"{half_year}\"");
            match half_year.parse::<HalfYear>() {
                Err(error) => problems.add(field.clone(), error.to_string()),
                Ok(h) if !columns.contains(&h) => {
                    problems.add(field.clone(), "lies outside the plan's period")
                }
                Ok(_) => {}
            }
            if !(0..=i64::from(MAX_MARKS)).contains(marks) {
                problems.add(
                    field,
                    format!("{marks} marks; a half-year holds 0 to {MAX_MARKS}"),
                );
            }
        }
        for (half_year, progress) in &activity.actual {
            let field = format!("{at}.actual.\"{half_year}\"");
            match half_year.parse::<HalfYear>() {
                Err(error) => problems.add(field.clone(), error.to_string()),
                Ok(h) if !columns.contains(&h) => {
                    problems.add(field.clone(), "lies outside the plan's period")
                }
                Ok(_) => {}
            }
            if !(0..=i64::from(MAX_MARKS)).contains(&progress.marks) {
                problems.add(
                    format!("{field}.marks"),
                    format!(
                        "{} marks; a half-year holds 0 to {MAX_MARKS}",
                        progress.marks
                    ),
                );
            }
        }
        if let Some(percent) = activity.percent_complete
            && !(0..=100).contains(&percent)
        {
            problems.add(
                format!("{at}.percent_complete"),
                format!("{percent} is not 0–100"),
            );
        }
        problems.require_span(
            format!("{at}.actual_end"),
            activity.actual_start,
            activity.actual_end,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::{DEMO_PROJECT, parse};

    fn minimal(extra: &str) -> String {
        format!(
            r#"
format = "framdrift/1"
[project]
key = "p"
name = "P"
funding_programme = "F"
period = {{ start = "2009-01-01", end = "2009-12-31" }}
{extra}
"#
        )
    }

    fn fields(text: &str) -> Vec<String> {
        let file = parse(text).expect("parses");
        validate(&file).into_iter().map(|p| p.field).collect()
    }

    #[test]
    fn the_demo_file_is_valid() {
        let file = parse(DEMO_PROJECT).expect("the demo parses");
        assert_eq!(validate(&file), []);
    }

    #[test]
    fn a_minimal_file_is_valid() {
        assert!(fields(&minimal("")).is_empty());
    }

    #[test]
    fn marks_outside_the_period_or_range_are_named() {
        let text = minimal(
            r#"
[[activities]]
name = "A"
marks = { "2009-H1" = 7, "2010-H1" = 1, "2009-H3" = 1 }
"#,
        );
        assert_eq!(
            fields(&text),
            [
                "activities[0].marks.\"2009-H1\"",
                "activities[0].marks.\"2009-H3\"",
                "activities[0].marks.\"2010-H1\""
            ]
        );
    }

    #[test]
    fn references_must_exist() {
        let text = minimal(
            r#"
[[sub_projects]]
key = "s"
name = "S"
kind = "evaluation"
lead_partner = "ghost"
period = { start = "2009-01-01", end = "2009-06-30" }

[[milestones]]
name = "M"
kind = "seminar"
first_day = "2009-03-02"
last_day = "2009-03-01"
sub_project = "elsewhere"
"#,
        );
        assert_eq!(
            fields(&text),
            [
                "sub_projects[0].lead_partner",
                "milestones[0].last_day",
                "milestones[0].sub_project"
            ]
        );
    }

    #[test]
    fn members_and_share_links_are_checked() {
        let text = minimal(
            r#"
[[sub_projects]]
key = "s"
name = "S"
kind = "evaluation"
period = { start = "2009-01-01", end = "2009-06-30" }

[[members]]
email = "kari@example.no"
role = "leader"

[[members]]
email = "Kari@Example.no"
role = "partner"

[[members]]
email = "ikke-en-adresse"
role = "sub_project_leader"

[[members]]
email = "ola@example.no"
role = "partner"
sub_project = "s"

[[members]]
email = "per@example.no"
role = "sub_project_leader"
sub_project = "ghost"

[[share_links]]
key = "link-1"
label = " "
created_by = "nobody"
created_at = "2009-01-01T00:00:00Z"
"#,
        );
        assert_eq!(
            fields(&text),
            [
                "members[1].email",
                "members[2].email",
                "members[2].sub_project",
                "members[3].sub_project",
                "members[4].sub_project",
                "share_links[0].label",
                "share_links[0].created_by"
            ]
        );
    }

    #[test]
    fn keys_are_url_safe_and_unique() {
        let text = minimal(
            r#"
[[partners]]
key = "Æ b"
name = "A"
country = "NO"

[[partners]]
key = "x"
name = "B"
country = "SE"

[[partners]]
key = "x"
name = "C"
country = "SE"
"#,
        );
        assert_eq!(fields(&text), ["partners[0].key", "partners[2].key"]);
    }

    #[test]
    fn an_unknown_field_is_a_syntax_error_that_names_it() {
        let error = parse(&minimal("colour = \"blue\"")).expect_err("refused");
        let message = error.to_string();
        assert!(
            message.contains("colour") && message.contains("line"),
            "{message}"
        );
    }
}
