#pragma once
/// \file How HeatTwin stores the links of its HDF5 groups (issue 20, finding 19 of
/// docs/reliability/findings.json). HDF5's default moves a group of more than 8 links into dense
/// storage (a fractal heap and a v2 B-tree of names), and libhdf5 1.10 aborted ("free(): invalid
/// pointer", SIGABRT in H5G__link_release_table) when such a group with a corrupt heap block was
/// listed in name order. Groups written by h5::File and h5::Group::create_group keep their links
/// compactly, as messages in the group's object header (version 2, checksummed), up to
/// MAX_COMPACT_LINKS links; h5::Group::members() lists every group, dense ones of older files or
/// above the limit included, through the B-tree of names in native order and sorts the names
/// itself, so that a corrupt one is a FileContentError (bad input) naming the file and the group.

namespace heattwin::h5 {

/// The most links a group written by this program keeps compactly. The largest groups of twin
/// and results files (one per municipality in municipal_networks: 218 in Sachsen-Anhalt; the
/// datasets of a year's table, a few dozen) stay below it; a group with more goes into dense
/// storage, as HDF5 does by default above 8. Not higher: libhdf5 inserts a link into a compact
/// group in time that grows faster than linearly with the links already there (creating 256 / 512
/// / 1,024 / 2,048 subgroups of one group took 0.04 / 0.13 / 0.68 / 4.7 s compact against
/// 0.005–0.04 s dense; libhdf5 1.10.8, 7 December 2026).
inline constexpr unsigned MAX_COMPACT_LINKS = 256;

}  // namespace heattwin::h5
