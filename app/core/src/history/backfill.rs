//! History for records stored before history was kept (databases migrated
//! from the first schema): each project's records enter the history once, as
//! created at the moment of the upgrade. Views of earlier moments show nothing
//! of them, which is the truth: nothing was recorded then.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter};

use crate::domain::RecordKind;
use crate::entities::*;

use super::{Actor, Recorder, Source, now};

/// Returns how many projects got their history started.
pub async fn backfill(db: &DatabaseConnection) -> Result<usize, DbErr> {
    let mut started = 0;
    for project in project::Entity::find().all(db).await? {
        let recorded = record_version::Entity::find()
            .filter(record_version::Column::ProjectId.eq(project.id))
            .filter(record_version::Column::Kind.eq(RecordKind::Project.code()))
            .count(db)
            .await?;
        if recorded > 0 {
            continue;
        }
        let txn = crate::db::begin_write(db).await?;
        let mut history = Recorder::begin(
            &txn,
            project.id,
            &Actor::named("system"),
            Source::Upgrade,
            "History starts: records stored before history was kept",
            now(),
        )
        .await?;
        let id = project.id;
        history.record(&txn, None, None, &project).await?;
        for p in partner::Entity::find()
            .filter(partner::Column::ProjectId.eq(id))
            .all(&txn)
            .await?
        {
            history.record(&txn, None, None, &p).await?;
        }
        for s in sub_project::Entity::find()
            .filter(sub_project::Column::ProjectId.eq(id))
            .all(&txn)
            .await?
        {
            history.record(&txn, Some(s.id), None, &s).await?;
        }
        for g in goal::Entity::find()
            .filter(goal::Column::ProjectId.eq(id))
            .all(&txn)
            .await?
        {
            history.record(&txn, g.sub_project_id, None, &g).await?;
        }
        let activities = activity::Entity::find()
            .filter(activity::Column::ProjectId.eq(id))
            .all(&txn)
            .await?;
        let scope_of: HashMap<i32, Option<i32>> = activities
            .iter()
            .map(|a| (a.id, a.sub_project_id))
            .collect();
        for a in &activities {
            history.record(&txn, a.sub_project_id, None, a).await?;
        }
        for c in plan_cell::Entity::find()
            .filter(plan_cell::Column::ProjectId.eq(id))
            .all(&txn)
            .await?
        {
            let scope = scope_of.get(&c.activity_id).copied().flatten();
            history.record(&txn, scope, None, &c).await?;
        }
        for c in progress_cell::Entity::find()
            .filter(progress_cell::Column::ProjectId.eq(id))
            .all(&txn)
            .await?
        {
            let scope = scope_of.get(&c.activity_id).copied().flatten();
            history.record(&txn, scope, None, &c).await?;
        }
        for m in milestone::Entity::find()
            .filter(milestone::Column::ProjectId.eq(id))
            .all(&txn)
            .await?
        {
            history.record(&txn, m.sub_project_id, None, &m).await?;
        }
        let series = meeting_series::Entity::find()
            .filter(meeting_series::Column::ProjectId.eq(id))
            .all(&txn)
            .await?;
        let series_scope: HashMap<i32, Option<i32>> =
            series.iter().map(|s| (s.id, s.sub_project_id)).collect();
        for s in &series {
            history.record(&txn, s.sub_project_id, None, s).await?;
        }
        for o in meeting_outcome::Entity::find()
            .filter(meeting_outcome::Column::ProjectId.eq(id))
            .all(&txn)
            .await?
        {
            let scope = series_scope.get(&o.series_id).copied().flatten();
            history.record(&txn, scope, None, &o).await?;
        }
        for s in status_statement::Entity::find()
            .filter(status_statement::Column::ProjectId.eq(id))
            .all(&txn)
            .await?
        {
            history.record(&txn, s.sub_project_id, None, &s).await?;
        }
        for b in baseline::Entity::find()
            .filter(baseline::Column::ProjectId.eq(id))
            .all(&txn)
            .await?
        {
            history.record(&txn, None, None, &b).await?;
        }
        history.finish(&txn).await?;
        txn.commit().await?;
        started += 1;
    }
    Ok(started)
}
