//! The people of a project and their roles. Memberships are records of the
//! project with history: who held which role when stays visible.

#[cfg(feature = "ssr")]
pub mod commands;
