//! Readers of user input.

pub mod edgelist;
