//! Forecasts against known answers: the NIST StRD linear-regression dataset
//! Norris (certified values), R's `predict.lm(interval = "prediction")` on a
//! small series, and Holt's damped trend against statsmodels' `ETSModel`, a
//! second, independent implementation.

use coopnet::forecast::holt::{self, HoltParams};
use coopnet::forecast::ols::fit_line;
use coopnet::forecast::{ForecastConfig, Method, Observation, forecast};

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-300)
}

/// NIST/ITL StRD, dataset Norris (calibration of ozone monitors; lower
/// difficulty; 36 observations), `Norris.dat` as published by NIST's
/// Statistical Engineering Division.
const NORRIS_X: [f64; 36] = [
    0.2, 337.4, 118.2, 884.6, 10.1, 226.5, 666.3, 996.3, 448.6, 777.0, 558.2, 0.4, 0.6, 775.5,
    666.9, 338.0, 447.5, 11.6, 556.0, 228.1, 995.8, 887.6, 120.2, 0.3, 0.3, 556.8, 339.1, 887.2,
    999.0, 779.0, 11.1, 118.3, 229.2, 669.1, 448.9, 0.5,
];
const NORRIS_Y: [f64; 36] = [
    0.1, 338.8, 118.1, 888.0, 9.2, 228.1, 668.5, 998.5, 449.1, 778.9, 559.2, 0.3, 0.1, 778.1,
    668.8, 339.3, 448.9, 10.8, 557.7, 228.3, 998.0, 888.8, 119.6, 0.3, 0.6, 557.6, 339.3, 888.0,
    998.5, 778.9, 10.2, 117.6, 228.9, 668.4, 449.2, 0.2,
];

#[test]
fn norris_matches_the_certified_values() {
    let fit = fit_line(&NORRIS_X, &NORRIS_Y).unwrap();
    // certified values (15 significant digits)
    assert!(
        close(fit.intercept, -0.262323073774029, 1e-12),
        "{}",
        fit.intercept
    );
    assert!(close(fit.slope, 1.00211681802045, 1e-13), "{}", fit.slope);
    assert!(close(fit.se_intercept.unwrap(), 0.232818234301152, 1e-12));
    assert!(close(fit.se_slope.unwrap(), 0.429796848199937e-03, 1e-12));
    assert!(close(fit.s.unwrap(), 0.884796396144373, 1e-13));
    assert!(close(fit.r_squared, 0.999993745883712, 1e-14));
    assert!(close(fit.sse, 26.6173985294224, 1e-12));
    assert_eq!(fit.df, 34);
}

#[test]
fn norris_prediction_interval_follows_from_the_certified_values() {
    // The interval is not certified; it follows from certified figures:
    // s = 0.884796396144373 and se(B1) = 0.429796848199937e-03 give
    // Sxx = s² / se(B1)² = 4237993.0222..., with x̄ = 419.17777... from the data and
    // t(0.975, 34) = 2.0322445093177186, so at x0 = 500:
    // ŷ = B0 + 500 B1 = 500.796085936451, se = s √(1 + 1/36 + (500 − x̄)² / Sxx).
    // statsmodels' OLS get_prediction (obs_ci) gives 498.9717940541834 to
    // 502.62037781872255, and 999.9622921574451 to 1003.746697735915 at 1000.
    let fit = fit_line(&NORRIS_X, &NORRIS_Y).unwrap();
    let (s, se_b1) = (0.884796396144373, 0.429796848199937e-03);
    let sxx = s * s / (se_b1 * se_b1);
    assert!(close(fit.sxx, sxx, 1e-11), "{} {sxx}", fit.sxx);
    let x_mean = NORRIS_X.iter().sum::<f64>() / 36.0;
    let y0 = -0.262323073774029 + 500.0 * 1.00211681802045;
    let half = 2.0322445093177186 * s * (1.0 + 1.0 / 36.0 + (500.0 - x_mean).powi(2) / sxx).sqrt();
    let (lo, hi) = fit.prediction_interval(500.0, 0.95).unwrap();
    assert!(
        close(lo, y0 - half, 1e-12) && close(hi, y0 + half, 1e-12),
        "{lo} {hi}"
    );
    assert!(close(lo, 498.9717940541834, 1e-12) && close(hi, 502.62037781872255, 1e-12));
    let (lo, hi) = fit.prediction_interval(1000.0, 0.95).unwrap();
    assert!(close(lo, 999.9622921574451, 1e-12) && close(hi, 1003.746697735915, 1e-12));
}

/// An illustrative series (not data of any entity): 2014-2021.
const YEARS: [i32; 8] = [2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021];
const VALUES: [f64; 8] = [4.1, 4.9, 6.2, 6.8, 8.1, 8.6, 9.9, 10.4];

fn observations(years: &[i32], values: &[f64]) -> Vec<Observation> {
    years
        .iter()
        .zip(values)
        .map(|(&year, &value)| Observation { year, value })
        .collect()
}

#[test]
fn linear_forecast_matches_r_predict_lm() {
    // In R:
    //   d <- data.frame(x = 2014:2021, y = c(4.1, 4.9, 6.2, 6.8, 8.1, 8.6, 9.9, 10.4))
    //   predict(lm(y ~ x, d), data.frame(x = c(2022, 2024)), interval = "prediction", level = L)
    // R is not run here: the answer is computed by predict.lm's closed form,
    // fit ± qt((1 + L)/2, n − 2) · √(se.fit² + s²), with Sxx = 42, Sxy = 38.8,
    // b = 38.8/42, ȳ = 7.375, s = 0.21259918320260746 and scipy's t quantiles,
    // and confirmed by statsmodels' OLS get_prediction (obs_ci), the same formula:
    //   2022: fit 11.532142857142844, 80 % [11.144101822663114, 11.920183891622575],
    //                                 95 % [10.872654462807478, 12.19163125147821]
    //   2024: fit 13.379761904761835, 80 % [12.932937089021577, 13.826586720502094],
    //                                 95 % [12.620368556898951, 14.13915525262472]
    let f = forecast(
        &observations(&YEARS, &VALUES),
        &ForecastConfig {
            method: Method::Linear,
            to_year: Some(2024),
            ..ForecastConfig::default()
        },
    )
    .unwrap();
    let want = [
        (
            2022,
            11.532142857142844,
            [11.144101822663114, 11.920183891622575],
            [10.872654462807478, 12.19163125147821],
        ),
        (
            2024,
            13.379761904761835,
            [12.932937089021577, 13.826586720502094],
            [12.620368556898951, 14.13915525262472],
        ),
    ];
    for (year, mean, i80, i95) in want {
        let p = f.forecasts.iter().find(|p| p.year == year).unwrap();
        assert!(close(p.forecast, mean, 1e-12), "{year}: {}", p.forecast);
        assert_eq!(p.intervals.len(), 2);
        assert_eq!(p.intervals[0].level, 0.8);
        assert!(
            close(p.intervals[0].lower, i80[0], 1e-11)
                && close(p.intervals[0].upper, i80[1], 1e-11)
        );
        assert!(
            close(p.intervals[1].lower, i95[0], 1e-11)
                && close(p.intervals[1].upper, i95[1], 1e-11)
        );
    }
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    // back-test: origins 2017..2021 fitted on 3..7 points
    assert_eq!(f.backtest.errors.len(), 5);
    assert_eq!(f.backtest.errors[0].year, 2017);
    assert_eq!(f.backtest.errors[0].trained_on, 3);
    // the first origin by hand: the line through (2014, 4.1), (2015, 4.9), (2016, 6.2)
    // has slope 1.05 and passes through (2015, 5.0667), so 2017 is forecast at 7.1667
    assert!((f.backtest.errors[0].forecast - 7.166666666666667).abs() < 1e-9);
}

#[test]
fn loglinear_is_the_linear_fit_of_the_logarithm() {
    let obs = observations(&YEARS, &VALUES);
    let f = forecast(
        &obs,
        &ForecastConfig {
            method: Method::LogLinear,
            to_year: Some(2022),
            ..ForecastConfig::default()
        },
    )
    .unwrap();
    let x: Vec<f64> = YEARS.iter().map(|&y| f64::from(y)).collect();
    let ln: Vec<f64> = VALUES.iter().map(|v| v.ln()).collect();
    let line = fit_line(&x, &ln).unwrap();
    let p = &f.forecasts[0];
    assert!(close(p.forecast, line.predict(2022.0).exp(), 1e-12));
    let (lo, hi) = line.prediction_interval(2022.0, 0.95).unwrap();
    assert!(
        close(p.intervals[1].lower, lo.exp(), 1e-12)
            && close(p.intervals[1].upper, hi.exp(), 1e-12)
    );
    // a non-positive value is refused with its year
    let mut bad = obs.clone();
    bad[3].value = 0.0;
    let err = forecast(
        &bad,
        &ForecastConfig {
            method: Method::LogLinear,
            ..ForecastConfig::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("2017 is 0"), "{err}");
}

#[test]
fn short_series_warn_and_two_points_give_no_interval() {
    // the study's figures: 1,029 thousand employees in clusters in 2019, 10 % more than in 2015
    let obs = observations(&[2015, 2019], &[1029.0 / 1.1, 1029.0]);
    let f = forecast(&obs, &ForecastConfig::default()).unwrap();
    assert!(f.forecasts.iter().all(|p| p.intervals.is_empty()));
    assert!(
        f.warnings.iter().any(|w| w.starts_with("only 2 points")),
        "{:?}",
        f.warnings
    );
    assert!(
        f.warnings
            .iter()
            .any(|w| w.starts_with("no prediction interval"))
    );
    assert!(f.warnings.iter().any(|w| w.starts_with("no back-test")));
    // three points: an interval, and a wide one (t(0.975, 1) = 12.7)
    let obs = observations(&[2023, 2024, 2025], &[430.0, 436.0, 439.0]);
    let f = forecast(&obs, &ForecastConfig::default()).unwrap();
    let p = &f.forecasts[0];
    assert_eq!(p.year, 2026);
    assert!(
        p.intervals[1].upper - p.intervals[1].lower
            > 10.0 * (p.intervals[0].upper - p.intervals[0].lower) / 3.0
    );
    assert!(f.warnings.iter().any(|w| w.starts_with("only 3 points")));
}

/// An illustrative rising-then-levelling series (not data of any entity), 2005-2019.
const LEVELLING: [f64; 15] = [
    10.0, 14.2, 17.1, 20.6, 22.1, 24.8, 25.1, 26.9, 27.0, 28.3, 28.1, 29.2, 28.6, 29.7, 29.3,
];
/// An illustrative steadily rising series, 2005-2019.
const RISING: [f64; 15] = [
    12.0, 15.5, 14.1, 18.9, 21.0, 19.4, 24.8, 27.2, 25.9, 30.3, 33.0, 31.6, 35.8, 38.1, 37.0,
];

#[test]
fn holt_recursion_matches_statsmodels_with_fixed_parameters() {
    // statsmodels 0.15.0:
    //   ETSModel(y, error="add", trend="add", damped_trend=True).smooth([0.6, 0.18, 0.9, 10.0, 1.0])
    // (state-space β = α β* = 0.6 × 0.3), fittedvalues and forecast(3):
    let sm_fitted = [
        10.9,
        11.024199999999999,
        14.0419396,
        17.373215264800002,
        21.178820715342404,
        23.563340478731657,
        26.15430600727336,
        27.014997663933688,
        28.271317178938123,
        28.495359790615456,
        29.234645257302667,
        29.14089677818887,
        29.714268240949973,
        29.34931441805308,
        29.889783241002412,
    ];
    let sm_forecast = [29.737420137761635, 29.91877629498624, 30.081996836488386];
    let p = HoltParams {
        alpha: 0.6,
        beta_star: 0.3,
        phi: 0.9,
        level0: 10.0,
        trend0: 1.0,
    };
    let fit = holt::from_params(&LEVELLING, p);
    for (a, b) in fit.fitted.iter().zip(sm_fitted) {
        assert!(close(*a, b, 1e-13), "{a} {b}");
    }
    for (h, b) in sm_forecast.iter().enumerate() {
        assert!(close(fit.forecast(h + 1), *b, 1e-13));
    }
}

/// 20 values simulated from ETS(A,Ad,N) with α = 0.5, β = 0.15, φ = 0.9,
/// σ = 2, ℓ_0 = 50, b_0 = 3 (numpy default_rng(0)), rounded to 0.1: illustrative.
const SIMULATED: [f64; 20] = [
    53.0, 55.0, 58.6, 60.3, 61.1, 64.0, 67.8, 70.1, 69.6, 69.2, 70.2, 71.6, 67.5, 69.4, 67.0, 66.4,
    65.4, 64.7, 65.1, 66.3,
];

#[test]
fn holt_fit_matches_statsmodels_ets() {
    // statsmodels 0.15.0: ETSModel(y, error="add", trend="add", damped_trend=True,
    // initialization_method="estimated").fit(), then get_prediction(...).summary_frame(alpha=0.05)
    // and _relative_forecast_variance([1, 2, 3]):
    let fit = holt::fit(&SIMULATED).unwrap();
    let p = fit.params;
    assert!((p.alpha - 0.8670698004969352).abs() < 1e-5, "{p:?}");
    assert!(
        (p.alpha * p.beta_star - 8.670698004969352e-05).abs() < 1e-6,
        "{p:?}"
    );
    assert!((p.phi - 0.8082550783892876).abs() < 1e-5, "{p:?}");
    assert!((p.level0 - 48.76833332491782).abs() < 1e-4, "{p:?}");
    assert!((p.trend0 - 5.04170689766641).abs() < 1e-4, "{p:?}");
    assert!(fit.sse <= 50.60606489392172 * (1.0 + 1e-12), "{}", fit.sse);
    let sm_mean = [66.204299, 66.250833, 66.288445];
    let sm_95 = [
        (63.086599, 69.322000),
        (62.124228, 70.377439),
        (61.355023, 71.221866),
    ];
    let sm_relvar = [1.0, 1.75193157, 2.50396139];
    for h in 0..3 {
        assert!(
            close(fit.forecast(h + 1), sm_mean[h], 1e-6),
            "h={h}: {}",
            fit.forecast(h + 1)
        );
        assert!(close(fit.relative_variance(h + 1), sm_relvar[h], 1e-5));
        // statsmodels scales by σ² = SSE/n; coopnet, as R's forecast::ets, by SSE/(n − 5):
        // the same interval widened by √(20/15)
        let (lo, hi) = fit.prediction_interval(h + 1, 0.95).unwrap();
        let half = (sm_95[h].1 - sm_95[h].0) / 2.0 * (20.0f64 / 15.0).sqrt();
        assert!(
            (hi - lo - 2.0 * half).abs() < 1e-4,
            "h={h}: {lo} {hi} vs ±{half}"
        );
    }
    assert!(close(fit.sigma2.unwrap(), fit.sse / 15.0, 1e-12));
}

#[test]
fn holt_finds_the_better_optimum_where_statsmodels_stops_early() {
    // On LEVELLING statsmodels' default start stops at α = 0.1147, β = 0.1146,
    // φ = 0.8 with SSE 2.8906906334551454 (log-likelihood −8.9349). coopnet's
    // grid start finds SSE 2.5824758385193114; statsmodels' own smooth() at
    // coopnet's parameters gives that SSE (log-likelihood −8.0893, higher),
    // and its fit() started there stays there, with forecasts
    // 29.947377968882815, 30.091857073400064, 30.207440357013866.
    let fit = holt::fit(&LEVELLING).unwrap();
    assert!(fit.sse < 2.8906906334551454);
    assert!(close(fit.sse, 2.5824758385193114, 1e-9), "{}", fit.sse);
    for (h, want) in [29.947377968882815, 30.091857073400064, 30.207440357013866]
        .iter()
        .enumerate()
    {
        assert!(close(fit.forecast(h + 1), *want, 1e-9));
    }
    // a steadily rising series: the same (statsmodels' default stops at SSE 32.8156)
    assert!(holt::fit(&RISING).unwrap().sse < 32.815600966524364);
}
