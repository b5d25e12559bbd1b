//! Wall and CPU time of the phases, for [`super::Timings`].
//!
//! CPU time is that of the whole process, all threads: POSIX's
//! `clock_gettime(CLOCK_PROCESS_CPUTIME_ID)`, read through rustix (a safe
//! binding to the system call; one call, no file to open). On systems without
//! that clock it reads 0. It counts what rayon's idle workers spend spinning
//! before they sleep, so CPU time over (threads x wall time) is an upper bound
//! of the time the threads spent working.
//!
//! An earlier reading summed `/proc/self/task/*/schedstat`: one file per
//! thread at every phase of every call, which cost more than the detection
//! itself on the small subgraphs that compact suggestions split.

use std::time::Instant;

/// CPU seconds used by the process so far (all threads), or 0 where unknown.
#[cfg(unix)]
pub(crate) fn process_cpu() -> f64 {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
}

/// CPU seconds used by the process so far: unknown here, 0.
#[cfg(not(unix))]
pub(crate) fn process_cpu() -> f64 {
    0.0
}

/// A started measurement of wall and CPU time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stopwatch {
    wall: Instant,
    cpu: f64,
}

impl Stopwatch {
    /// Starts now.
    pub fn start() -> Self {
        Stopwatch {
            wall: Instant::now(),
            cpu: process_cpu(),
        }
    }

    /// Wall and CPU seconds since the start.
    pub fn elapsed(&self) -> (f64, f64) {
        let wall = self.wall.elapsed().as_secs_f64();
        (wall, (process_cpu() - self.cpu).max(0.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_time_grows_with_work() {
        let watch = Stopwatch::start();
        let mut x = 0u64;
        // Busy until the clock has counted a twentieth of a second of CPU, or
        // ten seconds of wall time have passed (a clock that never counts): on
        // a loaded machine the thread may get little of the wall time.
        while watch.wall.elapsed().as_secs_f64() < 0.2
            || (watch.elapsed().1 < 0.05 && watch.wall.elapsed().as_secs_f64() < 10.0)
        {
            for i in 0..100_000u64 {
                x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
            }
        }
        let (wall, cpu) = watch.elapsed();
        assert!(wall >= 0.2);
        if cfg!(unix) {
            assert!(cpu > 0.0, "cpu {cpu}");
            // One busy thread (and test-harness threads mostly asleep).
            assert!(cpu < wall * 2.0 + 0.05, "cpu {cpu} wall {wall}");
        }
    }
}
