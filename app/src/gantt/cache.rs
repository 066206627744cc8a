//! The last charts read, kept while nothing in their project changes: the
//! page asks for the lines of one chart block by block as they scroll into
//! view, and each block would otherwise read the whole chart again (about
//! 0.3 s at 10,000 activities). An entry is good only while the project's
//! revision is the one it was read at (`history::revision`), which every
//! change set raises in the database, so a write through any server process
//! is seen by all.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use sea_orm::ConnectionTrait;

use crate::error::AppError;
use crate::history::revision;

use super::chart::{ChartData, lines, load_chart};
use super::view::{GanttQuery, Line};

/// Charts kept: a few readers' views at once.
const ENTRIES: usize = 4;

/// A chart and its lines, as read.
pub struct Chart {
    pub data: ChartData,
    pub lines: Vec<Line>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Key {
    project: String,
    query: GanttQuery,
    today: NaiveDate,
    revision: i64,
}

#[derive(Default)]
pub struct ChartCache {
    entries: Mutex<VecDeque<(Key, Arc<Chart>)>>,
}

impl ChartCache {
    /// The chart a query names, from the cache when the project has not
    /// changed since it was read.
    pub async fn chart(
        &self,
        db: &impl ConnectionTrait,
        project_key: &str,
        query: &GanttQuery,
        today: NaiveDate,
    ) -> Result<Arc<Chart>, AppError> {
        let key = match revision::find(db, project_key).await? {
            Some(found) => Key {
                project: project_key.to_owned(),
                query: query.clone(),
                today,
                revision: found.revision,
            },
            // Unknown here: read, and let the reading answer for it.
            None => return read(db, project_key, query, today).await.map(Arc::new),
        };
        if let Some(found) = self.find(&key) {
            return Ok(found);
        }
        let chart = Arc::new(read(db, project_key, query, today).await?);
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|(k, _)| k.project != key.project || k.revision == key.revision);
            entries.push_front((key, chart.clone()));
            entries.truncate(ENTRIES);
        }
        Ok(chart)
    }

    fn find(&self, key: &Key) -> Option<Arc<Chart>> {
        let entries = self.entries.lock().ok()?;
        entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, chart)| chart.clone())
    }
}

async fn read(
    db: &impl ConnectionTrait,
    project_key: &str,
    query: &GanttQuery,
    today: NaiveDate,
) -> Result<Chart, AppError> {
    let data = load_chart(db, project_key, query, today).await?;
    let lines = lines(&data);
    Ok(Chart { data, lines })
}
