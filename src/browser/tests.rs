//! In real Chromium: the globals, storage, beacons.
