//! Statistics the register publishes about people (enrolments, learners, credentials), and the
//! disclosure control that keeps a small number from pointing at a person.

pub mod suppression;
