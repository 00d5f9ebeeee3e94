//! Page lifecycle: leaving (`pagehide`), hidden and visible again.

use wasm_bindgen::prelude::*;
use web_sys::VisibilityState;

use super::{dispatch, Input};

/// Listens for the page being hidden, left, shown again. The listeners live
/// as long as the page, so their closures are leaked on purpose.
pub fn listen() {
    let Some(window) = web_sys::window() else { return };
    let on_pagehide = Closure::<dyn FnMut()>::new(|| dispatch(Input::Hidden { leaving: true }));
    let _ = window.add_event_listener_with_callback("pagehide", on_pagehide.as_ref().unchecked_ref());
    on_pagehide.forget();
    let on_pageshow = Closure::<dyn FnMut()>::new(|| dispatch(Input::Visible));
    let _ = window.add_event_listener_with_callback("pageshow", on_pageshow.as_ref().unchecked_ref());
    on_pageshow.forget();
    let Some(document) = window.document() else { return };
    let doc = document.clone();
    let on_visibility = Closure::<dyn FnMut()>::new(move || {
        dispatch(if doc.visibility_state() == VisibilityState::Hidden {
            Input::Hidden { leaving: false }
        } else {
            Input::Visible
        })
    });
    let _ = document.add_event_listener_with_callback("visibilitychange", on_visibility.as_ref().unchecked_ref());
    on_visibility.forget();
}
