//! Interpretation: the statement rules on measurements taken from the synthetic generator's
//! ground truth (12 and 18 leads, by territory, just above and below each limit), the
//! conclusion's honesty on bad input (property tests), and the statement scoring.

mod interpret_props;
mod synth_truth;
