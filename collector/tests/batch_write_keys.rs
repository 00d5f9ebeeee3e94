//! POST /v1/batch over real HTTP: write keys (in the body, `?writeKey=`, or
//! Basic auth) and RudderStack's beacon path.

mod common;

use common::{batch, message, Collector, TEXT};
use serde_json::json;

#[test]
fn write_keys_are_checked_when_configured() {
    let c = Collector::start(|cfg| cfg.write_keys = vec!["wk_live".into(), "wk_other".into()]);
    let with_key = |id: &str, key: Option<&str>| {
        let mut b: serde_json::Value =
            serde_json::from_str(&batch(&[message(id, "Signed Up")])).unwrap();
        match key {
            Some(k) => b["writeKey"] = json!(k),
            None => {
                b.as_object_mut().unwrap().remove("writeKey");
            }
        }
        b.to_string()
    };
    let missing = c.post("/v1/batch", &[TEXT], &with_key("k1", None));
    assert_eq!(
        (missing.status, missing.json()["error"].clone()),
        (401, json!("write key missing"))
    );
    let wrong = c.post("/v1/batch", &[TEXT], &with_key("k2", Some("WRITE_KEY")));
    assert_eq!(
        (wrong.status, wrong.json()["error"].clone()),
        (401, json!("unknown write key"))
    );
    assert_eq!(c.count(), 0);

    assert_eq!(
        c.post("/v1/batch", &[TEXT], &with_key("k3", Some("wk_other")))
            .status,
        200
    );
    assert_eq!(
        c.post("/v1/batch?writeKey=wk_live", &[TEXT], &with_key("k4", None))
            .status,
        200
    );
    // Segment's libraries: Basic auth with the key as user name ("wk_live:").
    let basic = ("Authorization", "Basic d2tfbGl2ZTo=");
    assert_eq!(
        c.post("/v1/batch", &[TEXT, basic], &with_key("k5", None))
            .status,
        200
    );
    assert_eq!(c.count(), 3);
}

#[test]
fn rudderstacks_beacon_path_and_query_key_work_too() {
    // A site moving between this collector and a RudderStack data plane changes only the
    // host of data-endpoint: https://<host>/beacon/v1/batch?writeKey=<key>.
    let c = Collector::start(|cfg| cfg.write_keys = vec!["wk_rs".into()]);
    let mut body: serde_json::Value =
        serde_json::from_str(&batch(&[message("rs1", "Signed Up")])).unwrap();
    body["writeKey"] = json!(""); // a snippet without data-key sends an empty one
    let r = c.post(
        "/beacon/v1/batch?writeKey=wk_rs",
        &[TEXT],
        &body.to_string(),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["stored"], 1);
    let wrong = c.post("/beacon/v1/batch?writeKey=nope", &[TEXT], &body.to_string());
    assert_eq!(wrong.status, 401);
}
