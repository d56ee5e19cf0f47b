-- Which courses are in the catalog, from course events: a paid purchase of a withdrawn course is refused.
CREATE TABLE course (
  id        uuid    PRIMARY KEY,
  published boolean NOT NULL
);
