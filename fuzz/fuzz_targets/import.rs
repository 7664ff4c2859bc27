//! Subscription import: arbitrary bytes as an OPML or newsboat `urls` file. No panic;
//! whatever is accepted exports to OPML that imports back to the same feeds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings::subscriptions;

fuzz_target!(|data: &[u8]| {
    let Ok(import) = subscriptions::parse(data) else {
        return;
    };
    let opml = subscriptions::to_opml(&import.feeds);
    let again = subscriptions::parse(opml.as_bytes()).expect("exported OPML imports");
    assert_eq!(
        again.feeds.len(),
        import.feeds.len(),
        "round trip of {import:?} through {opml}"
    );
});
