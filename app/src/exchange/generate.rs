//! A large project for benchmarks, made through the same exchange format as
//! everything else: `server generate --activities 10000 > big.toml`.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate, TimeZone, Utc};

use crate::domain::{
    Achievement, Cadence, Country, HalfYear, MeetingKind, MilestoneKind, Period, ProjectStatus,
    RecordKind, SubProjectKind,
};

use super::format::*;

/// The size of a generated project.
#[derive(Clone, Copy, Debug)]
pub struct Size {
    pub activities: usize,
    pub half_years: usize,
    pub milestones: usize,
    /// Field changes in the history, spread over change sets of 100.
    pub history: usize,
    /// Sub-projects, each with as many activities as the project-wide plan.
    pub sub_projects: usize,
}

impl Size {
    pub fn with_activities(activities: usize) -> Self {
        Self {
            activities,
            half_years: 20,
            milestones: activities / 20,
            history: activities * 10,
            // A thousand activities a plan: the project-wide plan of a
            // project of 1,000 holds them all, one of 10,000 has ten
            // sub-projects besides.
            sub_projects: activities / 1000,
        }
    }
}

/// A deterministic pseudo-random sequence, so the same size gives the same file.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % sides.max(1)
    }
}

pub fn generate(key: &str, size: Size) -> ExchangeFile {
    let mut dice = Dice(0x9e37_79b9_7f4a_7c15);
    let start = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default();
    let years = u32::try_from(size.half_years.div_ceil(2)).unwrap_or(10);
    let end = NaiveDate::from_ymd_opt(2020 + i32::try_from(years).unwrap_or(10) - 1, 12, 31)
        .unwrap_or(start);
    let columns = HalfYear::covering(start, end);
    let sub_count = size.sub_projects;
    let partners: Vec<PartnerDoc> = (0..sub_count.clamp(1, 40))
        .map(|i| PartnerDoc {
            key: format!("partner-{i}"),
            name: format!("Partner {i} <&> «æøå»"),
            country: if i % 2 == 0 {
                Country::Norway
            } else {
                Country::Sweden
            },
            description: String::new(),
            archived_at: None,
        })
        .collect();
    let mut activity_keys = Vec::new();
    let mut activity = |owner: Option<&str>, i: usize, dice: &mut Dice| {
        let key = match owner {
            Some(sub) => format!("{sub}-a{i}"),
            None => format!("a{i}"),
        };
        activity_keys.push(key.clone());
        let first = usize::try_from(dice.roll(columns.len() as u64)).unwrap_or(0);
        let length = 1 + usize::try_from(dice.roll(6)).unwrap_or(0);
        let marks: BTreeMap<String, i64> = columns
            .iter()
            .skip(first)
            .take(length)
            .map(|h| (h.to_string(), 1 + i64::try_from(dice.roll(6)).unwrap_or(0)))
            .collect();
        ActivityDoc {
            key: Some(key),
            name: format!("Aktivitet {i} – «{}» & <plan>", owner.unwrap_or("prosjekt")),
            marks,
            ..ActivityDoc::default()
        }
    };
    let per_sub = size.activities / (sub_count + 1);
    let sub_projects: Vec<SubProjectDoc> = (0..sub_count)
        .map(|s| {
            let key = format!("sub-{s}");
            SubProjectDoc {
                key: key.clone(),
                name: format!("Delprosjekt {s}"),
                kind: if s % 2 == 0 {
                    SubProjectKind::Development
                } else {
                    SubProjectKind::Evaluation
                },
                lead_partner: partners
                    .get(s % partners.len().max(1))
                    .map(|p| p.key.clone()),
                period: Period { start, end },
                description: String::new(),
                target_group: String::new(),
                goals: vec![format!("Mål for delprosjekt {s}")],
                sub_goals: Vec::new(),
                archived_at: None,
                activities: (0..per_sub)
                    .map(|i| activity(Some(&key), i, &mut dice))
                    .collect(),
            }
        })
        .collect();
    let rest = size.activities.saturating_sub(per_sub * sub_count);
    let activities: Vec<ActivityDoc> = (0..rest).map(|i| activity(None, i, &mut dice)).collect();
    let milestones = (0..size.milestones)
        .map(|i| {
            let first = start + Days::new(dice.roll(u64::from(years) * 360));
            MilestoneDoc {
                key: Some(format!("m{i}")),
                name: format!("Milepæl {i}"),
                kind: MilestoneKind::Gathering,
                first_day: first,
                last_day: Some(first + Days::new(dice.roll(3))),
                place: String::new(),
                description: String::new(),
                sub_project: None,
                status: None,
                actual_first_day: None,
                actual_last_day: None,
                archived_at: None,
            }
        })
        .collect();
    // The history: actual progress and re-planned cells, 100 changes a set.
    let recorded = Utc
        .with_ymd_and_hms(2019, 12, 1, 9, 0, 0)
        .single()
        .unwrap_or_default();
    let mut history = Vec::new();
    let mut changes = Vec::new();
    for n in 0..size.history {
        let key =
            &activity_keys[usize::try_from(dice.roll(activity_keys.len() as u64)).unwrap_or(0)];
        let half = columns[usize::try_from(dice.roll(columns.len() as u64)).unwrap_or(0)];
        let marks = toml::Value::Integer(i64::try_from(dice.roll(7)).unwrap_or(0));
        let change = if n % 3 == 0 {
            ChangeDoc {
                kind: RecordKind::PlanCell,
                key: format!("{key}@{half}"),
                set: [("marks".to_owned(), marks)].into_iter().collect(),
            }
        } else {
            let achievement = Achievement::ALL[usize::try_from(dice.roll(4)).unwrap_or(0)];
            ChangeDoc {
                kind: RecordKind::ProgressCell,
                key: format!("{key}@{half}"),
                set: [
                    ("marks".to_owned(), marks),
                    (
                        "achievement".to_owned(),
                        toml::Value::String(achievement.code().to_owned()),
                    ),
                ]
                .into_iter()
                .collect(),
            }
        };
        changes.push(change);
        if changes.len() == 100 || n + 1 == size.history {
            let at =
                recorded + chrono::Duration::hours(i64::try_from(history.len()).unwrap_or(0) + 1);
            history.push(ChangeSetDoc {
                recorded_at: at,
                by: "generator".to_owned(),
                summary: format!("Generated change set {}", history.len() + 1),
                illustrative: true,
                changes: std::mem::take(&mut changes),
            });
        }
    }
    ExchangeFile {
        format: FORMAT_VERSION.to_owned(),
        recorded: Some(RecordedDoc {
            at: recorded,
            by: "generator".to_owned(),
            summary: "Generated for benchmarks".to_owned(),
        }),
        project: ProjectDoc {
            key: key.to_owned(),
            name: format!("Generated project of {} activities", size.activities),
            funding_programme: "Benchmark".to_owned(),
            period: Period { start, end },
            description: String::new(),
            target_group: String::new(),
            website: String::new(),
            public: false,
            goals: vec!["Be fast".to_owned()],
            sub_goals: Vec::new(),
        },
        partners,
        sub_projects,
        activities,
        milestones,
        meeting_series: vec![MeetingSeriesDoc {
            key: Some("steering".to_owned()),
            name: "Styringsgruppemøte".to_owned(),
            kind: MeetingKind::Steering,
            cadence: Cadence::Quarterly,
            first_date: start,
            last_date: end,
            note: String::new(),
            sub_project: None,
            outcomes: Vec::new(),
            archived_at: None,
        }],
        status_statements: vec![StatusStatementDoc {
            key: Some("status-1".to_owned()),
            date: start,
            status: ProjectStatus::OnTrack,
            text: "Generated".to_owned(),
            sub_project: None,
            archived_at: None,
        }],
        baselines: vec![BaselineDoc {
            key: "start".to_owned(),
            name: "Start".to_owned(),
            date: start,
            captured_at: recorded,
            archived_at: None,
        }],
        members: Vec::new(),
        share_links: Vec::new(),
        people: Vec::new(),
        history,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_project_is_valid_and_the_same_every_time() {
        let size = Size {
            activities: 300,
            half_years: 20,
            milestones: 15,
            history: 1000,
            sub_projects: 2,
        };
        let file = generate("big", size);
        assert_eq!(super::super::validate(&file), []);
        let count = file.activities.len()
            + file
                .sub_projects
                .iter()
                .map(|s| s.activities.len())
                .sum::<usize>();
        assert_eq!(count, 300);
        assert_eq!(
            file.history.iter().map(|c| c.changes.len()).sum::<usize>(),
            1000
        );
        assert_eq!(generate("big", size), file);
    }
}
