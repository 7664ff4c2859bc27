//! Pushing local changes: exactly once, after an outage, with a wrong password, and
//! against the server's state; new stories and removed feeds with the next sync.

use super::*;

#[test]
fn local_changes_are_pushed_exactly_once() {
    let model = server();
    let mut store = Store::open_in_memory().unwrap();
    run(&mut store, &model).unwrap();
    let (a, b) = (local(&store, 30), local(&store, 31));
    store.set_read(&[a, b], true).unwrap();
    store.set_starred(&[a], true).unwrap();
    let summary = run(&mut store, &model).unwrap();
    assert_eq!((summary.pushed, summary.updated), (3, 0));
    {
        let m = model.borrow();
        assert!(!m.stories[&30].unread && !m.stories[&31].unread && m.stories[&30].marked);
        assert_eq!(
            m.pushes,
            [
                (vec![30, 31], Flag::Read, true),
                (vec![30], Flag::Star, true)
            ]
        );
    }
    assert!(store.pending_changes().unwrap().is_empty());
    let again = run(&mut store, &model).unwrap();
    assert_eq!(again.pushed, 0);
    assert_eq!(model.borrow().pushes.len(), 2, "nothing is pushed twice");
    assert_eq!(flags(&store, 30), (true, true));
}

#[test]
fn changes_made_while_the_server_is_down_are_pushed_once_it_is_back() {
    let model = server();
    let mut store = Store::open_in_memory().unwrap();
    run(&mut store, &model).unwrap();
    model.borrow_mut().down = true;
    store.set_starred(&[local(&store, 40)], true).unwrap();
    let before = snapshot(&store);
    let err = run(&mut store, &model).unwrap_err();
    assert!(err.to_string().contains("http://192.0.2.9/"), "{err}");
    assert_eq!(
        snapshot(&store),
        before,
        "nothing changed, the change still queued"
    );
    model.borrow_mut().down = false;
    let summary = run(&mut store, &model).unwrap();
    assert_eq!(summary.pushed, 1);
    assert!(model.borrow().stories[&40].marked);
    assert_eq!(run(&mut store, &model).unwrap().pushed, 0);
    assert_eq!(model.borrow().pushes.len(), 1);
}

#[test]
fn a_wrong_password_changes_nothing() {
    let model = server();
    let mut store = Store::open_in_memory().unwrap();
    run(&mut store, &model).unwrap();
    store.set_read(&[local(&store, 50)], true).unwrap();
    {
        let mut m = model.borrow_mut();
        m.wrong_password = true;
        m.add_stories(10, [451]);
    }
    let before = snapshot(&store);
    let err = run(&mut store, &model).unwrap_err();
    assert_eq!(err.to_string(), "login to http://192.0.2.9/ as me failed");
    assert_eq!(snapshot(&store), before);
    assert_eq!(model.borrow().calls, ["login"]);
}

#[test]
fn a_local_change_not_yet_pushed_wins_over_the_server() {
    let model = server();
    let mut store = Store::open_in_memory().unwrap();
    run(&mut store, &model).unwrap();
    // Starred here; meanwhile read (and still not starred) on the server.
    store.set_starred(&[local(&store, 8)], true).unwrap();
    model.borrow_mut().stories.get_mut(&8).unwrap().unread = false;
    run(&mut store, &model).unwrap();
    // The star was a local change and won; read state had no local change, so the
    // server's "read" was taken.
    assert_eq!(flags(&store, 8), (true, true));
    assert!(model.borrow().stories[&8].marked);
}

#[test]
fn a_new_story_on_the_server_arrives_with_the_next_sync() {
    let model = server();
    let mut store = Store::open_in_memory().unwrap();
    run(&mut store, &model).unwrap();
    model.borrow_mut().add_stories(11, [451]);
    let summary = run(&mut store, &model).unwrap();
    assert_eq!(summary.new_articles, 1);
    assert_eq!(flags(&store, 451), (false, false));
    assert_eq!(store.stats().unwrap().articles, 451);
}

#[test]
fn a_feed_removed_on_the_server_is_removed_here_keeping_its_starred_stories() {
    let model = server();
    let mut store = Store::open_in_memory().unwrap();
    run(&mut store, &model).unwrap();
    {
        let mut m = model.borrow_mut();
        m.feeds.retain(|f| f.id != 10);
        m.stories.retain(|_, s| s.feed != Some(10) || s.marked);
        m.stories.get_mut(&5).unwrap().feed = None;
    }
    run(&mut store, &model).unwrap();
    let stats = store.stats().unwrap();
    assert_eq!((stats.feeds, stats.articles), (1, 151));
    let kept = store.story(local(&store, 5)).unwrap().article;
    assert_eq!((kept.feed_id, kept.starred), (None, true));
}
