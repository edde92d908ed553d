//! The warm call: `TokenSource.get_password()` while the held token may be handed out unasked.
//!
//! The core decides until when that is (`Core.use_until`); the package publishes the held token and
//! that deadline here after every decision, and the warm call compares the clock with it without
//! entering Python or taking the package's lock. Past the deadline (or with no token) it calls the
//! package's `_get_password`, which asks the core. Everything here runs with the GIL held and never
//! releases it, so a caller sees the token and its deadline as the package's last call left them
//! (`_hold` sets a new token with no deadline; `_hand_out_until` then sets the core's).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};

/// How long before the deadline the warm call stops trusting the coarse clock and asks the
/// package (which reads the precise one). The coarse clock lags by at most a few ticks (1-10 ms
/// each); a second is a wide margin, and the core's deadlines are minutes apart.
const COARSE_SLACK_MS: f64 = 1000.0;

/// Milliseconds since the epoch, at most `COARSE_SLACK_MS` behind the precise clock: Linux's
/// `CLOCK_REALTIME_COARSE` (4 ns here; `CLOCK_REALTIME` takes 16, which would make the 24 ns warm
/// call 36), std's precise clock elsewhere.
#[cfg(target_os = "linux")]
fn coarse_now_ms() -> f64 {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::RealtimeCoarse);
    t.tv_sec as f64 * 1000.0 + t.tv_nsec as f64 / 1_000_000.0
}

#[cfg(not(target_os = "linux"))]
fn coarse_now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// The base class of `TokenSource`: the held token, the core's `use_until` for it, and whether
/// callers took it since the last wake-up (the core's notion of "in use").
#[pyclass(module = "entra_db_auth._core", frozen, subclass)]
pub(crate) struct Handout {
    /// `[token]` or `[None]`. A list, not a `Mutex`: the GIL already serialises every read and
    /// write here, and the lock cost 2-3 ns of a 24 ns call.
    token: Py<PyList>,
    /// `use_until` (ms since the epoch) as f64 bits; -inf: ask the package.
    use_until: AtomicU64,
    used: AtomicBool,
    /// Callers the warm call served (for `stats()`'s `served_from_cache`). A load and a store, not
    /// an atomic add: the GIL serialises every call here, and a locked add would cost the warm call.
    served: AtomicU64,
}

impl Handout {
    /// The held token if the clock is before the deadline by the slack; marks it used.
    fn take(&self, py: Python<'_>) -> Option<Py<PyString>> {
        if coarse_now_ms() + COARSE_SLACK_MS >= f64::from_bits(self.use_until.load(Relaxed)) {
            return None;
        }
        let token = self.held(py)?;
        self.used.store(true, Relaxed);
        self.served
            .store(self.served.load(Relaxed).wrapping_add(1), Relaxed);
        Some(token)
    }

    fn held(&self, py: Python<'_>) -> Option<Py<PyString>> {
        let item = self.token.bind(py).get_item(0).ok()?;
        item.cast_into::<PyString>().ok().map(Bound::unbind)
    }
}

#[pymethods]
impl Handout {
    /// Takes and ignores the subclass' constructor arguments (`TokenSource.__init__` reads them).
    #[new]
    #[pyo3(signature = (*_args, **_kwargs))]
    fn new(
        py: Python<'_>,
        _args: &Bound<'_, PyTuple>,
        _kwargs: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        Ok(Handout {
            token: PyList::new(py, [py.None()])?.unbind(),
            use_until: AtomicU64::new(f64::NEG_INFINITY.to_bits()),
            used: AtomicBool::new(false),
            served: AtomicU64::new(0),
        })
    }

    /// The token string, to use as a database password. Returns at once while a valid token is
    /// held (starting a background refresh past the refresh point); otherwise waits for the one
    /// refresh in flight, started by whichever caller came first.
    fn get_password<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        match slf.get().take(py) {
            Some(token) => Ok(token.into_bound(py).into_any()),
            None => slf.call_method0(intern!(py, "_get_password")),
        }
    }

    /// The held token while the warm call may hand it out, else None (the async fast path).
    fn _take(&self, py: Python<'_>) -> Option<Py<PyString>> {
        self.take(py)
    }

    /// The held token, whatever the time (None: none held).
    fn _held(&self, py: Python<'_>) -> Option<Py<PyString>> {
        self.held(py)
    }

    /// Holds `token` (None: none), not handed out unasked until `_hand_out_until`.
    fn _hold(&self, py: Python<'_>, token: Option<Py<PyString>>) -> PyResult<()> {
        self.use_until.store(f64::NEG_INFINITY.to_bits(), Relaxed);
        self.token.bind(py).set_item(0, token)
    }

    /// The core's `use_until` (ms since the epoch; None: ask it every time).
    fn _hand_out_until(&self, use_until: Option<f64>) {
        let until = use_until.unwrap_or(f64::NEG_INFINITY);
        self.use_until.store(until.to_bits(), Relaxed);
    }

    /// Whether callers took the token unasked since the last call; resets it.
    fn _take_used(&self) -> bool {
        self.used.swap(false, Relaxed)
    }

    /// How many callers the warm call (and `_take`) served since the source was made.
    fn _served(&self) -> u64 {
        self.served.load(Relaxed)
    }
}
