//! Geography of regions: great-circle distance between region capitals and
//! the distance decay of a gravity model.
//!
//! **Great-circle distance** by the haversine formula (Sinnott 1984, "Virtues
//! of the haversine", *Sky and Telescope* 68(2), 159): for latitudes
//! `phi1, phi2` and longitudes `lambda1, lambda2` in radians,
//! `a = sin^2((phi2 - phi1) / 2) + cos(phi1) cos(phi2) sin^2((lambda2 - lambda1) / 2)`,
//! `d = 2 R asin(sqrt(a))`, with `R` = [`EARTH_RADIUS_KM`], the mean radius
//! of the Earth `R1 = (2a + b) / 3` of the GRS 80 ellipsoid (Moritz 2000,
//! "Geodetic Reference System 1980", *Journal of Geodesy* 74, 128). On a
//! sphere of that radius the error against the ellipsoid stays under about
//! 0.5 %, far below what separates one capital from the region it stands for.
//!
//! **Distance decay**: the exponential deterrence function
//! `f(d) = exp(-d / d0)` of the gravity and spatial-interaction models
//! (Wilson 1967, "A statistical theory of spatial distribution models",
//! *Transportation Research* 1, 253; Fotheringham and O'Kelly 1989, *Spatial
//! Interaction Models*, ch. 2): interaction falls by a factor `e` every `d0`.
//!
//! ```
//! use coopnet::economics::geography::{haversine_km, exponential_decay};
//! // Moscow to Saint Petersburg, about 633 km
//! let d = haversine_km(55.7558, 37.6173, 59.9343, 30.3351);
//! assert!((d - 633.0).abs() < 5.0);
//! assert!((exponential_decay(634.0, 634.0) - (-1.0f64).exp()).abs() < 1e-12);
//! ```

/// Mean radius of the Earth, km: `R1` of GRS 80 (Moritz 2000).
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in km between two points given in WGS 84 degrees
/// (haversine formula; see the module docs).
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

/// The exponential distance decay `exp(-d / d0)` (see the module docs);
/// `d0 > 0`.
pub fn exponential_decay(d: f64, d0: f64) -> f64 {
    (-d / d0).exp()
}

/// The median of `values` (the mean of the middle two for an even count);
/// `None` when empty. NaN values are not expected.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_on_known_cities() {
        // Paris (48.8566 N, 2.3522 E) to London (51.5074 N, 0.1278 W):
        // by hand, dphi = 2.6508 deg, dlambda = -2.4800 deg,
        // a = sin^2(0.023133) + cos(0.852709) cos(0.898974) sin^2(-0.021642)
        //   = 0.00053502 + 0.65795 * 0.62241 * 0.00046831 = 0.00072680,
        // d = 2 * 6371.0088 * asin(0.026959) = 343.56 km
        let d = haversine_km(48.8566, 2.3522, 51.5074, -0.1278);
        assert!((d - 343.6).abs() < 0.5, "{d}");
        // a quarter of a meridian: pi R / 2
        let q = haversine_km(0.0, 0.0, 90.0, 0.0);
        assert!((q - std::f64::consts::FRAC_PI_2 * EARTH_RADIUS_KM).abs() < 1e-9);
        // antipodes: pi R, and symmetric, zero on itself
        let half = haversine_km(10.0, 20.0, -10.0, -160.0);
        assert!(
            (half - std::f64::consts::PI * EARTH_RADIUS_KM).abs() < 1e-3,
            "{half}"
        );
        assert_eq!(haversine_km(1.0, 2.0, 1.0, 2.0), 0.0);
        assert_eq!(
            haversine_km(55.0, 37.0, 43.0, 44.7),
            haversine_km(43.0, 44.7, 55.0, 37.0)
        );
    }

    #[test]
    fn decay_and_median() {
        assert_eq!(exponential_decay(0.0, 500.0), 1.0);
        // 1000 km at d0 = 500 km: e^-2 = 0.135335
        assert!((exponential_decay(1000.0, 500.0) - 0.135_335_283).abs() < 1e-9);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }
}
