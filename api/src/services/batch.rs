//! Group commit for new assessments: requests that arrive while a commit is
//! in flight are stored together in the next transaction, so one fsync
//! acknowledges many checks. A lone request is written at once (no waiting for
//! company), and nothing is acknowledged before its transaction commits.

use std::sync::Arc;

use diesel::Connection;
use tokio::sync::{mpsc, oneshot};

use crate::{
    db::{
        Db, DbError,
        assessments::{self, AssessmentRow},
    },
    error::ApiError,
};

/// Most checks stored in one transaction.
pub const MAX_BATCH: usize = 256;

/// A batch's outcome, shared by every request in it.
type Outcome = Result<(), Arc<DbError>>;
type Job = (AssessmentRow, oneshot::Sender<Outcome>);

/// The handle request handlers use; clone freely.
#[derive(Clone)]
pub struct AssessmentWriter {
    jobs: mpsc::Sender<Job>,
}

impl AssessmentWriter {
    /// Starts the writer task on the current runtime.
    pub fn start(db: Db) -> Self {
        let (jobs, mut queue) = mpsc::channel::<Job>(4 * MAX_BATCH);
        actix_web::rt::spawn(async move {
            while let Some(first) = queue.recv().await {
                let mut batch = vec![first];
                while batch.len() < MAX_BATCH {
                    match queue.try_recv() {
                        Ok(job) => batch.push(job),
                        Err(_) => break,
                    }
                }
                let (rows, replies): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
                let outcome: Outcome = db
                    .write(move |conn| {
                        conn.transaction(|conn| {
                            rows.iter().try_for_each(|row| assessments::insert(conn, row))
                        })
                        .map_err(DbError::from)
                    })
                    .await
                    .map_err(Arc::new);
                if let Err(error) = &outcome {
                    tracing::error!(%error, size = replies.len(), "storing a batch of assessments failed");
                }
                for reply in replies {
                    let _ = reply.send(outcome.clone());
                }
            }
        });
        Self { jobs }
    }

    /// Stores one check; returns once its transaction has committed.
    pub async fn insert(&self, row: AssessmentRow) -> Result<(), ApiError> {
        let (reply, done) = oneshot::channel();
        let stopped = || ApiError::internal(std::io::Error::other("the assessment writer stopped"));
        self.jobs.send((row, reply)).await.map_err(|_| stopped())?;
        done.await.map_err(|_| stopped())?.map_err(|e| ApiError::from_db(e.outage(), e))
    }
}
