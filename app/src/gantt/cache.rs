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
use sea_orm::{ConnectionTrait, DatabaseConnection};

use crate::error::AppError;
use crate::history::revision;

use super::chart::{ChartData, lines, names_width, read_chart};
use super::view::{GanttQuery, Line};

/// Charts kept: a few readers' views at once.
const ENTRIES: usize = 4;

/// A chart and its lines, as read.
pub struct Chart {
    pub data: ChartData,
    pub lines: Vec<Line>,
    /// The page's names column for these lines, measured once.
    pub names_width: u32,
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
    /// The chart as of a day before the project may have been recorded:
    /// none when it was not yet (everything after it is new).
    pub async fn chart_if_recorded(
        &self,
        db: &DatabaseConnection,
        project_key: &str,
        query: &GanttQuery,
        today: NaiveDate,
    ) -> Result<Option<Arc<Chart>>, AppError> {
        match self.chart(db, project_key, query, today).await {
            Ok(chart) => Ok(Some(chart)),
            Err(AppError::NotFound { .. }) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// The chart a query names, from the cache when the project has not
    /// changed since it was read.
    pub async fn chart(
        &self,
        db: &DatabaseConnection,
        project_key: &str,
        query: &GanttQuery,
        today: NaiveDate,
    ) -> Result<Arc<Chart>, AppError> {
        let key_at = |revision| Key {
            project: project_key.to_owned(),
            query: query.clone(),
            today,
            revision,
        };
        if let Some(found) = revision::find(db, project_key).await?
            && let Some(kept) = self.find(&key_at(found.revision))
        {
            return Ok(kept);
        }
        // The chart and the revision it is kept under read in one snapshot:
        // a write between the two cannot file a newer chart under an older
        // revision, or the other way round.
        let txn = crate::db::begin_read(db).await?;
        let found = revision::find(&txn, project_key).await?;
        let chart = Arc::new(read(&txn, project_key, query, today).await?);
        txn.commit().await?;
        // An unknown project was answered for by the reading (not found).
        if let Some(found) = found
            && let Ok(mut entries) = self.entries.lock()
        {
            let key = key_at(found.revision);
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
    let data = read_chart(db, project_key, query, today).await?;
    let lines = lines(&data);
    let names_width = names_width(&lines);
    Ok(Chart {
        data,
        lines,
        names_width,
    })
}
