// Near: sorting search results by distance from a postcode, a place or the device's location.
//
// Everything happens in the browser. A postcode is looked up in the site's own table, split by
// outward code (search/postcodes/HB4.json), so a lookup fetches one small file from this site;
// a place name uses the place's centre (search/places.json). "Use my location" asks the
// browser for the device's position, which is used here and never sent anywhere, not even to
// this site. Each service's coordinates come with its search result (the "geo" meta:
// "lat,lon;lat,lon" for each location).

import { t } from "./strings.js";

/** How many results are sorted by distance at most: each needs its details fetched. */
export const NEAR_LIMIT = 200;

const EARTH_RADIUS_MILES = 3958.8;

/** `"hb41db"` → `"HB4 1DB"`; null when the text is not shaped like a full UK postcode. */
export function normalisePostcode(text) {
  const compact = String(text).replace(/\s+/g, "").toUpperCase();
  const match = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$/.exec(compact);
  return match ? `${match[1]} ${match[2]}` : null;
}

/** `" hb4 "` → `"HB4"`: an outward code on its own (a postcode district); null otherwise. */
export function normaliseOutward(text) {
  // "HB4 1" is half a postcode, not the district HB41.
  const code = String(text).trim().toUpperCase();
  return /^[A-Z]{1,2}[0-9][A-Z0-9]?$/.test(code) ? code : null;
}

/** Fetches JSON once per address; a missing file (404) is null, other failures throw. */
function cachedJson() {
  const cache = new Map();
  return (url) => {
    if (!cache.has(url)) {
      const request = fetch(url).then((response) => {
        if (response.status === 404) return null;
        if (!response.ok) throw new Error(`${url}: ${response.status}`);
        return response.json();
      });
      // A failed request (offline for a moment) is tried again next time.
      request.catch(() => cache.delete(url));
      cache.set(url, request);
    }
    return cache.get(url);
  };
}

const getJson = cachedJson();

/** The middle of a set of [lat, lon] pairs. */
function centreOf(points) {
  const sum = points.reduce((acc, [lat, lon]) => [acc[0] + lat, acc[1] + lon], [0, 0]);
  return { lat: sum[0] / points.length, lon: sum[1] / points.length };
}

/**
 * Where `text` is: `{ lat, lon, label }`, or `{ error }` with a sentence saying what is wrong.
 * `base` is the folder holding postcodes/ and places.json (the search page's).
 */
export async function resolveNear(base, text) {
  const wanted = text.trim();
  const postcode = normalisePostcode(wanted);
  if (postcode) {
    const outward = postcode.split(" ")[0];
    const table = await getJson(`${base}postcodes/${outward}.json`);
    const point = table && Object.hasOwn(table, postcode) ? table[postcode] : null;
    if (!point) return { error: t("js.near.postcode_unknown", { postcode }) };
    return { lat: point[0], lon: point[1], label: postcode };
  }
  const outward = normaliseOutward(wanted);
  if (outward) {
    const table = await getJson(`${base}postcodes/${outward}.json`);
    const points = table ? Object.values(table) : [];
    if (points.length === 0) return { error: t("js.near.area_unknown", { area: outward }) };
    return { ...centreOf(points), label: outward };
  }
  const places = (await getJson(`${base}places.json`)) || [];
  const key = wanted.toLowerCase();
  const place = places.find((p) => p.name.toLowerCase() === key || p.id === key)
    || places.find((p) => p.name.toLowerCase().startsWith(key));
  if (place) return { lat: place.at[0], lon: place.at[1], label: place.name };
  if (/[0-9]/.test(wanted)) {
    return { error: t("js.near.not_a_postcode", { text: wanted }) };
  }
  const names = places.map((p) => p.name).join(", ");
  return { error: names ? t("js.near.no_place_names", { text: wanted, names }) : t("js.near.no_place", { text: wanted }) };
}

/** Great-circle distance in miles between two `{ lat, lon }` points (haversine formula). */
export function distanceMiles(a, b) {
  const radians = (degrees) => (degrees * Math.PI) / 180;
  const dLat = radians(b.lat - a.lat);
  const dLon = radians(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** "0.8 miles", "1 mile", "12 miles": tenths below ten miles, whole miles above. */
export function formatMiles(miles) {
  if (miles < 0.1) return t("js.near.less_than", { distance: t("js.near.miles", { count: 0.1 }) });
  const rounded = miles < 10 ? Math.round(miles * 10) / 10 : Math.round(miles);
  return t("js.near.miles", { count: rounded });
}

/** The points of a result's "geo" meta; [] for a service with no location. */
export function parseGeo(geo) {
  if (!geo) return [];
  return geo.split(";").map((pair) => pair.split(",").map(Number))
    .filter(([lat, lon]) => Number.isFinite(lat) && Number.isFinite(lon))
    .map(([lat, lon]) => ({ lat, lon }));
}

/** Distance in miles from `origin` to the nearest of a result's locations; null if it has none. */
export function nearestMiles(data, origin) {
  const distances = parseGeo(data.meta?.geo).map((point) => distanceMiles(origin, point));
  return distances.length ? Math.min(...distances) : null;
}

/**
 * The tenth-of-a-degree squares around `origin`: its own and the eight next to it, named as
 * the "near" search filter names them (src/postcodes/publish.rs, geo_cells). Together they
 * reach at least 4 miles (east and west) and 7 miles (north and south) from the origin.
 */
export function nearbyCells(origin) {
  const lat = Math.floor(origin.lat * 10);
  const lon = Math.floor(origin.lon * 10);
  const cells = [];
  for (const i of [-1, 0, 1]) for (const j of [-1, 0, 1]) cells.push(`${lat + i}:${lon + j}`);
  return cells;
}

/**
 * Pagefind results in order of distance from `origin`; each item's `data()` is Pagefind's, and
 * its `miles` is known once `data()` has been read (null for a result with no location).
 *
 * Up to NEAR_LIMIT results, all are sorted: nearest first, those with no location after them.
 * With more, reading every result's details would cost too much, so `searchNearby(cells)` (the
 * same search, limited to the squares around the origin) gives the candidates: its best
 * NEAR_LIMIT are sorted nearest first, and every other result follows in order of relevance.
 */
export async function sortByDistance(results, origin, searchNearby) {
  if (results.length <= NEAR_LIMIT) return sortAll(results, origin);
  const nearby = (await searchNearby(nearbyCells(origin))).slice(0, NEAR_LIMIT);
  const taken = new Set(nearby.map((r) => r.id));
  const rest = results.filter((r) => !taken.has(r.id)).map((result) => {
    const item = {
      miles: null,
      data: async () => {
        const data = await result.data();
        item.miles = nearestMiles(data, origin);
        return data;
      },
    };
    return item;
  });
  return [...(await sortAll(nearby, origin)), ...rest];
}

async function sortAll(results, origin) {
  const datas = await Promise.all(results.map((r) => r.data()));
  const items = results.map((result, i) => ({
    data: () => Promise.resolve(datas[i]),
    miles: nearestMiles(datas[i], origin),
    order: i,
  }));
  const located = items.filter((item) => item.miles !== null).sort((a, b) => a.miles - b.miles || a.order - b.order);
  return [...located, ...items.filter((item) => item.miles === null)];
}

/** The device's position, or `{ error }` saying why there is none. Nothing leaves the device. */
export function currentPosition() {
  if (!("geolocation" in navigator)) {
    return Promise.resolve({ error: t("js.near.no_geolocation") });
  }
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (position) => resolve({ lat: position.coords.latitude, lon: position.coords.longitude, label: t("js.near.your_location") }),
      (failure) => resolve({
        error: failure.code === failure.PERMISSION_DENIED
          ? t("js.near.not_shared")
          : t("js.near.not_found"),
      }),
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 },
    );
  });
}
