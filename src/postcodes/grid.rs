//! British National Grid eastings and northings (OSGB36) to latitude and longitude (WGS84), for
//! Ordnance Survey data such as Code-Point Open, from the formulae in the Ordnance Survey's
//! "A guide to coordinate systems in Great Britain": the inverse Transverse Mercator projection
//! on the Airy 1830 ellipsoid, then the published seven-parameter Helmert transformation.
//!
//! The Helmert step is good to about 5 metres, well inside a postcode's own spread and the
//! tenth of a mile search shows. The crate that does better (lonlat_bng, with the OSTN15 grid)
//! brings a 4 MB shift table, a C-header build step and thread and random-number crates for
//! accuracy a postcode centre cannot use.

/// A length in metres on an ellipsoid, and its eccentricity squared.
struct Ellipsoid {
    a: f64,
    b: f64,
}

impl Ellipsoid {
    fn e2(&self) -> f64 {
        (self.a * self.a - self.b * self.b) / (self.a * self.a)
    }
}

const AIRY_1830: Ellipsoid = Ellipsoid {
    a: 6_377_563.396,
    b: 6_356_256.909,
};
const GRS80: Ellipsoid = Ellipsoid {
    a: 6_378_137.0,
    b: 6_356_752.314_1,
};

/// The National Grid's true origin (49°N, 2°W), false origin and central scale factor.
const F0: f64 = 0.999_601_271_7;
const PHI0_DEG: f64 = 49.0;
const LAMBDA0_DEG: f64 = -2.0;
const E0: f64 = 400_000.0;
const N0: f64 = -100_000.0;

/// OSGB36 to WGS84: the published WGS84-to-OSGB36 parameters with their signs reversed
/// (translations in metres, scale in parts per million, rotations in seconds of arc).
const TX: f64 = 446.448;
const TY: f64 = -125.157;
const TZ: f64 = 542.060;
const SCALE_PPM: f64 = -20.4894;
const RX_SEC: f64 = 0.1502;
const RY_SEC: f64 = 0.2470;
const RZ_SEC: f64 = 0.8421;

/// Latitude and longitude in degrees (WGS84) of a National Grid point; `None` for a point
/// outside the grid (negative, or beyond 700 km east or 1,300 km north).
pub(crate) fn to_wgs84(easting: f64, northing: f64) -> Option<(f64, f64)> {
    let on_grid = (0.0..=700_000.0).contains(&easting) && (0.0..=1_300_000.0).contains(&northing);
    if !on_grid {
        return None;
    }
    let (phi, lambda) = grid_to_osgb36(easting, northing);
    let cartesian = to_cartesian(&AIRY_1830, phi, lambda);
    let (phi, lambda) = from_cartesian(&GRS80, helmert(cartesian));
    Some((phi.to_degrees(), lambda.to_degrees()))
}

/// The meridional arc from the true origin's latitude to `phi` (radians), in metres.
fn meridional_arc(phi: f64) -> f64 {
    let Ellipsoid { a, b } = AIRY_1830;
    let n = (a - b) / (a + b);
    let (n2, n3) = (n * n, n * n * n);
    let phi0 = PHI0_DEG.to_radians();
    let (d, s) = (phi - phi0, phi + phi0);
    b * F0
        * ((1.0 + n + 1.25 * n2 + 1.25 * n3) * d
            - (3.0 * n + 3.0 * n2 + 21.0 / 8.0 * n3) * d.sin() * s.cos()
            + (15.0 / 8.0 * n2 + 15.0 / 8.0 * n3) * (2.0 * d).sin() * (2.0 * s).cos()
            - 35.0 / 24.0 * n3 * (3.0 * d).sin() * (3.0 * s).cos())
}

/// Inverse Transverse Mercator: grid to OSGB36 latitude and longitude, in radians.
fn grid_to_osgb36(easting: f64, northing: f64) -> (f64, f64) {
    let a = AIRY_1830.a;
    let e2 = AIRY_1830.e2();
    let mut phi = (northing - N0) / (a * F0) + PHI0_DEG.to_radians();
    // Converges to well under a millimetre in a few steps; the bound only guards the loop.
    for _ in 0..32 {
        let residual = northing - N0 - meridional_arc(phi);
        if residual.abs() < 1e-5 {
            break;
        }
        phi += residual / (a * F0);
    }
    let sin2 = phi.sin().powi(2);
    let nu = a * F0 / (1.0 - e2 * sin2).sqrt();
    let rho = a * F0 * (1.0 - e2) / (1.0 - e2 * sin2).powf(1.5);
    let eta2 = nu / rho - 1.0;
    let (t, sec) = (phi.tan(), 1.0 / phi.cos());
    let (t2, t4, t6) = (t * t, t.powi(4), t.powi(6));
    let vii = t / (2.0 * rho * nu);
    let viii = t / (24.0 * rho * nu.powi(3)) * (5.0 + 3.0 * t2 + eta2 - 9.0 * t2 * eta2);
    let ix = t / (720.0 * rho * nu.powi(5)) * (61.0 + 90.0 * t2 + 45.0 * t4);
    let x = sec / nu;
    let xi = sec / (6.0 * nu.powi(3)) * (nu / rho + 2.0 * t2);
    let xii = sec / (120.0 * nu.powi(5)) * (5.0 + 28.0 * t2 + 24.0 * t4);
    let xiia = sec / (5040.0 * nu.powi(7)) * (61.0 + 662.0 * t2 + 1320.0 * t4 + 720.0 * t6);
    let de = easting - E0;
    let latitude = phi - vii * de.powi(2) + viii * de.powi(4) - ix * de.powi(6);
    let longitude =
        LAMBDA0_DEG.to_radians() + x * de - xi * de.powi(3) + xii * de.powi(5) - xiia * de.powi(7);
    (latitude, longitude)
}

/// Latitude and longitude (radians, on the ground: height 0) to Earth-centred x, y, z.
fn to_cartesian(ellipsoid: &Ellipsoid, phi: f64, lambda: f64) -> [f64; 3] {
    let e2 = ellipsoid.e2();
    let nu = ellipsoid.a / (1.0 - e2 * phi.sin().powi(2)).sqrt();
    [
        nu * phi.cos() * lambda.cos(),
        nu * phi.cos() * lambda.sin(),
        (1.0 - e2) * nu * phi.sin(),
    ]
}

fn helmert([x, y, z]: [f64; 3]) -> [f64; 3] {
    let seconds = |s: f64| (s / 3600.0).to_radians();
    let (rx, ry, rz) = (seconds(RX_SEC), seconds(RY_SEC), seconds(RZ_SEC));
    let s = 1.0 + SCALE_PPM * 1e-6;
    [
        TX + s * x - rz * y + ry * z,
        TY + rz * x + s * y - rx * z,
        TZ - ry * x + rx * y + s * z,
    ]
}

fn from_cartesian(ellipsoid: &Ellipsoid, [x, y, z]: [f64; 3]) -> (f64, f64) {
    let e2 = ellipsoid.e2();
    let p = x.hypot(y);
    let mut phi = z.atan2(p * (1.0 - e2));
    for _ in 0..16 {
        let nu = ellipsoid.a / (1.0 - e2 * phi.sin().powi(2)).sqrt();
        let next = (z + e2 * nu * phi.sin()).atan2(p);
        let done = (next - phi).abs() < 1e-12;
        phi = next;
        if done {
            break;
        }
    }
    (phi, y.atan2(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dms(degrees: f64, minutes: f64, seconds: f64) -> f64 {
        degrees + minutes / 60.0 + seconds / 3600.0
    }

    #[test]
    fn matches_the_ordnance_survey_worked_example() {
        // The guide's worked example of grid to latitude and longitude (Annex C):
        // E 651409.903, N 313177.270 is 52°39'27.2531"N, 1°43'4.5177"E on OSGB36.
        let (phi, lambda) = grid_to_osgb36(651_409.903, 313_177.270);
        let tolerance = 0.0002 / 3600.0;
        assert!((phi.to_degrees() - dms(52.0, 39.0, 27.2531)).abs() < tolerance);
        assert!((lambda.to_degrees() - dms(1.0, 43.0, 4.5177)).abs() < tolerance);
    }

    #[test]
    fn grid_references_land_within_metres_of_published_wgs84_positions() {
        // A postcode centre as the ONS Postcode Directory publishes it: BR8 7RE at
        // E 551626, N 170342 is 51.411831, 0.178871. Helmert is good to about 5 m, which is
        // about 0.00007° of latitude or longitude here.
        let (lat, lon) = to_wgs84(551_626.0, 170_342.0).unwrap();
        assert!((lat - 51.411831).abs() < 0.0001, "{lat}");
        assert!((lon - 0.178871).abs() < 0.0001, "{lon}");
    }

    #[test]
    fn the_greenwich_meridian_moves_west_into_wgs84() {
        // WGS84's prime meridian passes about 102 m east of Airy's transit circle, so OSGB36
        // longitude 0 at Greenwich is about 0.0015° west in WGS84.
        let (phi, lambda) = from_cartesian(
            &GRS80,
            helmert(to_cartesian(&AIRY_1830, 51.4778_f64.to_radians(), 0.0)),
        );
        assert!((-0.0017..-0.0012).contains(&lambda.to_degrees()));
        assert!((phi.to_degrees() - 51.4778).abs() < 0.001);
    }

    #[test]
    fn points_off_the_grid_have_no_position() {
        assert_eq!(to_wgs84(-1.0, 100.0), None);
        assert_eq!(to_wgs84(100.0, 2_000_000.0), None);
        assert_eq!(to_wgs84(f64::NAN, 100.0), None);
    }
}
