//! Linting in parallel, writing in order: the results of earlier files
//! appear while later ones are being linted, in the same deterministic
//! order as if the run had waited for all of them, and a file's page is
//! dropped as soon as its output is written.
//!
//! Jobs run on the rayon pool; the calling thread (outside the pool)
//! receives results over a channel, keeps those that arrive early in a
//! reorder buffer keyed by job index, and hands each one on as soon as
//! every earlier one was. At most `window` jobs are started and not yet
//! handed on, so memory is bounded by the pages in flight, whatever the
//! number of pages read: a run over a whole site holds a few pages, not
//! all of them.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

/// How many jobs may be started ahead of the one to hand on next, per
/// thread: enough that a slow page does not idle the other threads at once,
/// few enough that memory stays bounded by the pages in flight.
pub(super) const WINDOW_PER_THREAD: usize = 4;

/// Runs `work` over `jobs` on `pool` and calls `emit` with each result in
/// job order, as soon as the results of all earlier jobs were emitted. At
/// most `window` jobs are in flight (started and not yet emitted). When
/// `emit` fails, no further job is started, jobs not yet begun are skipped
/// and the error is returned. A panic in `work` is resumed here, after
/// the jobs in flight have ended.
pub(super) fn for_each_ordered<T, R, E>(
    pool: &rayon::ThreadPool,
    jobs: &[T],
    window: usize,
    work: impl Fn(&T) -> R + Sync,
    mut emit: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let window = window.max(1);
    let stop = AtomicBool::new(false);
    let (work, stop) = (&work, &stop);
    let mut panic = None;
    let mut result = Ok(());
    pool.in_place_scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        let mut reorder: BTreeMap<usize, R> = BTreeMap::new();
        let (mut started, mut emitted) = (0, 0);
        while emitted < jobs.len() {
            while started < jobs.len() && started < emitted + window {
                let (job, sender, index) = (&jobs[started], sender.clone(), started);
                scope.spawn(move |_| {
                    let outcome = if stop.load(Ordering::Relaxed) {
                        None
                    } else {
                        Some(catch_unwind(AssertUnwindSafe(|| work(job))))
                    };
                    // The receiver is gone only once the loop stopped early.
                    let _ = sender.send((index, outcome));
                });
                started += 1;
            }
            let Ok((index, outcome)) = receiver.recv() else {
                break;
            };
            match outcome {
                Some(Ok(value)) => {
                    reorder.insert(index, value);
                }
                Some(Err(payload)) => {
                    panic = Some(payload);
                    break;
                }
                None => break,
            }
            while let Some(value) = reorder.remove(&emitted) {
                emitted += 1;
                if let Err(e) = emit(value) {
                    result = Err(e);
                    break;
                }
            }
            if result.is_err() {
                break;
            }
        }
        stop.store(true, Ordering::Relaxed);
    });
    if let Some(payload) = panic {
        resume_unwind(payload);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use std::sync::atomic::AtomicUsize;
    use std::time::Duration;

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool")
    }

    #[test]
    fn results_come_in_job_order_whatever_order_they_finish_in() {
        let jobs: Vec<u64> = (0..40).collect();
        let mut seen = Vec::new();
        let result: Result<(), ()> = for_each_ordered(
            &pool(4),
            &jobs,
            8,
            |&n| {
                // Early jobs finish last.
                std::thread::sleep(Duration::from_millis((40 - n) % 7));
                n * 10
            },
            |value| {
                seen.push(value);
                Ok(())
            },
        );
        assert_eq!(result, Ok(()));
        assert_eq!(seen, jobs.iter().map(|n| n * 10).collect::<Vec<_>>());
    }

    #[test]
    fn earlier_results_are_emitted_while_later_jobs_still_run() {
        let first_emitted = AtomicBool::new(false);
        let last_saw_it = AtomicBool::new(false);
        let jobs = [0, 1, 2, 3];
        let result: Result<(), ()> = for_each_ordered(
            &pool(2),
            &jobs,
            4,
            |&n| {
                if n == 3 {
                    // Waits for the first result to be written; a run that
                    // wrote only at the end would make it wait in vain.
                    let started = std::time::Instant::now();
                    while !first_emitted.load(Ordering::SeqCst)
                        && started.elapsed() < Duration::from_secs(10)
                    {
                        std::thread::sleep(Duration::from_millis(1));
                    }
                    last_saw_it.store(first_emitted.load(Ordering::SeqCst), Ordering::SeqCst);
                }
            },
            |()| {
                first_emitted.store(true, Ordering::SeqCst);
                Ok(())
            },
        );
        assert_eq!(result, Ok(()));
        assert!(last_saw_it.load(Ordering::SeqCst));
    }

    #[test]
    fn no_more_than_the_window_is_in_flight() {
        let jobs: Vec<usize> = (0..50).collect();
        let in_flight = AtomicUsize::new(0);
        let most = Mutex::new(0);
        let result: Result<(), ()> = for_each_ordered(
            &pool(3),
            &jobs,
            5,
            |_| {
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                let mut most = most.lock().expect("not poisoned");
                *most = (*most).max(now);
            },
            |()| {
                // Handed on: no longer in flight.
                in_flight.fetch_sub(1, Ordering::SeqCst);
                Ok(())
            },
        );
        assert_eq!(result, Ok(()));
        let most = *most.lock().expect("not poisoned");
        assert!(most <= 5, "{most} jobs in flight with a window of 5");
    }

    #[test]
    fn a_failed_emit_stops_the_run_and_skips_later_jobs() {
        let jobs: Vec<usize> = (0..1000).collect();
        let ran = AtomicUsize::new(0);
        let mut emitted = 0;
        let result = for_each_ordered(
            &pool(2),
            &jobs,
            4,
            |&n| {
                ran.fetch_add(1, Ordering::SeqCst);
                n
            },
            |n| {
                emitted += 1;
                if n == 3 { Err("broken pipe") } else { Ok(()) }
            },
        );
        assert_eq!(result, Err("broken pipe"));
        assert_eq!(emitted, 4);
        assert!(ran.load(Ordering::SeqCst) < 20);
    }

    #[test]
    fn a_panicking_job_panics_the_caller_instead_of_hanging() {
        let jobs: Vec<usize> = (0..10).collect();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let _: Result<(), ()> = for_each_ordered(
                &pool(2),
                &jobs,
                4,
                |&n| assert!(n != 5, "job 5 fails"),
                |()| Ok(()),
            );
        }));
        assert!(outcome.is_err());
    }
}
