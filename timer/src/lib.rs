mod delay;

use std::thread;
use std::time::Duration;

uniffi::include_scaffolding!("timer");

/// Number of milliseconds in the window that `Timer::schedule` counts runs over.
const RUN_WINDOW_MS: u64 = 60_000;

pub fn version() -> String {
    format!("{} v{}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimerConfig {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EchoRequest {
    pub message: String,
    pub delay_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EchoResponse {
    pub echoed: String,
    pub timer_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplexRequest {
    pub messages: Vec<EchoRequest>,
    pub tags: Vec<String>,
    pub note: Option<String>,
    pub retries: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplexResponse {
    pub item_count: u32,
    pub has_note: bool,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobSpec {
    pub name: String,
    pub interval_ms: u64,
    pub payload: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    pub max_attempts: i32,
    pub backoff_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleConfig {
    pub start_at_ms: u64,
    pub jitter_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleResult {
    pub job_id: String,
    pub will_run_count: u64,
    pub first_run_at_ms: u64,
    pub effective_backoff_ms: u64,
}

/// Flat error: only the variant and its `Display` text cross the FFI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimerError {
    #[error("job name must not be empty")]
    EmptyJobName,
    #[error("max_attempts must be positive, got {max_attempts}")]
    InvalidMaxAttempts { max_attempts: i32 },
}

#[derive(Debug)]
pub struct Timer {
    config: TimerConfig,
}

impl Timer {
    pub fn new(config: TimerConfig) -> Self {
        Self { config }
    }

    pub fn name(&self) -> String {
        self.config.name.clone()
    }

    pub fn echo(&self, request: EchoRequest) -> EchoResponse {
        if request.delay_ms > 0 {
            thread::sleep(Duration::from_millis(request.delay_ms));
        }
        EchoResponse {
            echoed: request.message,
            timer_name: self.name(),
        }
    }

    pub async fn sleep(&self, ms: u64) {
        delay::Delay::new(Duration::from_millis(ms)).await;
    }

    pub async fn echo_async(&self, request: EchoRequest) -> EchoResponse {
        delay::Delay::new(Duration::from_millis(request.delay_ms)).await;
        EchoResponse {
            echoed: request.message,
            timer_name: self.name(),
        }
    }

    pub fn complex(&self, request: ComplexRequest) -> ComplexResponse {
        let item_count = u32::try_from(request.messages.len()).unwrap_or(u32::MAX);
        let note = request.note.as_deref().unwrap_or("<none>");
        let retries = request.retries.unwrap_or(0);
        ComplexResponse {
            item_count,
            has_note: request.note.is_some(),
            summary: format!("received {item_count} messages, note={note}, retries={retries}"),
        }
    }

    pub fn schedule(
        &self,
        job: JobSpec,
        retry: RetryPolicy,
        schedule: ScheduleConfig,
    ) -> Result<ScheduleResult, TimerError> {
        if job.name.is_empty() {
            return Err(TimerError::EmptyJobName);
        }
        if retry.max_attempts <= 0 {
            return Err(TimerError::InvalidMaxAttempts {
                max_attempts: retry.max_attempts,
            });
        }
        let will_run_count = match job.interval_ms {
            0 => 1,
            interval => (RUN_WINDOW_MS / interval).max(1),
        };
        Ok(ScheduleResult {
            job_id: format!("{}:{}", self.config.name, job.name),
            will_run_count,
            first_run_at_ms: schedule.start_at_ms.saturating_add(schedule.jitter_ms),
            effective_backoff_ms: retry.backoff_ms,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timer() -> Timer {
        Timer::new(TimerConfig {
            name: "main".to_string(),
        })
    }

    fn job(name: &str, interval_ms: u64) -> JobSpec {
        JobSpec {
            name: name.to_string(),
            interval_ms,
            payload: None,
        }
    }

    fn retry(max_attempts: i32) -> RetryPolicy {
        RetryPolicy {
            max_attempts,
            backoff_ms: 250,
        }
    }

    fn start(start_at_ms: u64, jitter_ms: u64) -> ScheduleConfig {
        ScheduleConfig {
            start_at_ms,
            jitter_ms,
        }
    }

    #[test]
    fn version_is_name_and_version() {
        assert_eq!(version(), "timer v0.1.0");
    }

    #[test]
    fn name_comes_from_config() {
        assert_eq!(timer().name(), "main");
    }

    #[test]
    fn echo_returns_message_and_timer_name() {
        let response = timer().echo(EchoRequest {
            message: "héllo".to_string(),
            delay_ms: 1,
        });
        assert_eq!(
            response,
            EchoResponse {
                echoed: "héllo".to_string(),
                timer_name: "main".to_string(),
            }
        );
    }

    #[test]
    fn schedule_computes_run_count_start_and_backoff() {
        let result = timer()
            .schedule(job("backup", 15_000), retry(3), start(1_000, 50))
            .unwrap();
        assert_eq!(
            result,
            ScheduleResult {
                job_id: "main:backup".to_string(),
                will_run_count: 4,
                first_run_at_ms: 1_050,
                effective_backoff_ms: 250,
            }
        );
    }

    #[test]
    fn schedule_runs_at_least_once() {
        let t = timer();
        let zero = t.schedule(job("a", 0), retry(1), start(0, 0)).unwrap();
        assert_eq!(zero.will_run_count, 1);
        let slow = t
            .schedule(job("b", 120_000), retry(1), start(0, 0))
            .unwrap();
        assert_eq!(slow.will_run_count, 1);
        let fast = t.schedule(job("c", 7), retry(1), start(0, 0)).unwrap();
        assert_eq!(fast.will_run_count, 8_571);
    }

    #[test]
    fn schedule_rejects_empty_job_name() {
        let err = timer()
            .schedule(job("", 1_000), retry(3), start(0, 0))
            .unwrap_err();
        assert_eq!(err, TimerError::EmptyJobName);
        assert_eq!(err.to_string(), "job name must not be empty");
    }

    #[test]
    fn schedule_rejects_non_positive_max_attempts() {
        for attempts in [0, -2] {
            let err = timer()
                .schedule(job("backup", 1_000), retry(attempts), start(0, 0))
                .unwrap_err();
            assert_eq!(
                err,
                TimerError::InvalidMaxAttempts {
                    max_attempts: attempts
                }
            );
            assert_eq!(
                err.to_string(),
                format!("max_attempts must be positive, got {attempts}")
            );
        }
    }

    #[test]
    fn schedule_checks_the_name_first() {
        let err = timer()
            .schedule(job("", 1_000), retry(0), start(0, 0))
            .unwrap_err();
        assert_eq!(err, TimerError::EmptyJobName);
    }

    #[test]
    fn complex_summary_with_note() {
        let response = timer().complex(ComplexRequest {
            messages: vec![
                EchoRequest {
                    message: "one".to_string(),
                    delay_ms: 0,
                },
                EchoRequest {
                    message: "two".to_string(),
                    delay_ms: 0,
                },
            ],
            tags: vec!["x".to_string()],
            note: Some("urgent".to_string()),
            retries: Some(3),
        });
        assert_eq!(
            response,
            ComplexResponse {
                item_count: 2,
                has_note: true,
                summary: "received 2 messages, note=urgent, retries=3".to_string(),
            }
        );
    }

    #[test]
    fn complex_summary_without_note() {
        let response = timer().complex(ComplexRequest {
            messages: vec![],
            tags: vec![],
            note: None,
            retries: None,
        });
        assert_eq!(
            response,
            ComplexResponse {
                item_count: 0,
                has_note: false,
                summary: "received 0 messages, note=<none>, retries=0".to_string(),
            }
        );
    }
}
