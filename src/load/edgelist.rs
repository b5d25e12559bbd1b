//! Plain edge lists.
