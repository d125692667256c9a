/// SPH fluid arrives with its issue; this module is reserved in the package layout.
