//! The kept IAM Identity Center listing: the picker shows it at once, and lists again behind
//! it when it is older than an hour, never when it is younger.

mod common;

use common::sso_world::{World, approving};
use std::time::Duration;

/// The kept listing of `corp` (beside switchrole's other IAM Identity Center files).
fn listing_path(world: &World) -> std::path::PathBuf {
    world
        .sandbox
        .path("cache/switchrole/sso/ee0bfd2552fbd840c02cc48b6e823320543c450f.json")
}

/// Makes the kept listing `minutes` old and drops the Audit account from it, as if Audit had
/// been assigned since it was listed.
fn age_listing(world: &World, minutes: i64) {
    let path = listing_path(world);
    let mut listing: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let then = chrono::Utc::now() - chrono::TimeDelta::minutes(minutes);
    listing["listed_at"] = then.to_rfc3339().into();
    let accounts = listing["accounts"].as_array_mut().unwrap();
    accounts.retain(|a| a["id"] != "333333333333");
    std::fs::write(&path, listing.to_string()).unwrap();
}

#[test]
fn a_listing_older_than_an_hour_is_listed_again_behind_the_picker() {
    let world = World::new(approving(0));
    let (code, _, err) = world.run(&["login", "corp", "--no-browser"]);
    assert_eq!(code, 0, "{err}");
    let listed = || world.standin.count("GET /assignment/accounts");
    let after_login = listed();
    assert!(after_login > 0);

    // 59 minutes: shown as kept, and the portal is not asked.
    age_listing(&world, 59);
    let mut screen = world.picker();
    let text = screen.wait_for("corp/Dev/PowerUser");
    std::thread::sleep(Duration::from_millis(1500));
    let text = screen.text() + &text;
    assert!(!text.contains("corp/Audit/ReadOnly"), "{text}");
    assert_eq!(listed(), after_login, "a fresh listing was listed again");
    screen.send("\x03");
    assert!(screen.wait_exit().success());

    // 61 minutes: shown as kept at once, then listed again, and Audit appears.
    age_listing(&world, 61);
    let mut screen = world.picker();
    screen.wait_for("corp/Dev/PowerUser");
    screen.wait_for("corp/Audit/ReadOnly");
    assert!(listed() > after_login);
    screen.send("\x03");
    assert!(screen.wait_exit().success());
    // And kept with its new time.
    let kept: serde_json::Value =
        serde_json::from_slice(&std::fs::read(listing_path(&world)).unwrap()).unwrap();
    let at = chrono::DateTime::parse_from_rfc3339(kept["listed_at"].as_str().unwrap()).unwrap();
    assert!(chrono::Utc::now() - at.to_utc() < chrono::TimeDelta::minutes(1));
}
