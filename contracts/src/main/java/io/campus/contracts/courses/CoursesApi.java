package io.campus.contracts.courses;

import io.campus.contracts.Endpoint;
import io.campus.contracts.events.EventType;

/** What the courses service answers on the bus and the events it emits. */
public final class CoursesApi {

  /** The service name: discovery record name and event stream name. */
  public static final String SERVICE = "courses";

  /** Published courses, paged, with text search and a tag filter. */
  public static final Endpoint<ListCourses, CoursePage> LIST =
      Endpoint.read("courses.list", ListCourses.class, CoursePage.class);
  /** One published course by slug; {@code NOT_FOUND} for an unknown or unpublished slug. */
  public static final Endpoint<FindCourse, Course> GET =
      Endpoint.read("courses.get", FindCourse.class, Course.class);

  /** Admin: a new, unpublished course. {@code VALIDATION}; {@code CONFLICT} for a taken slug. */
  public static final Endpoint<CourseDraft, Course> CREATE =
      Endpoint.admin("courses.admin.create", CourseDraft.class, Course.class);
  /** Admin: replace a course's fields. {@code NOT_FOUND}, {@code VALIDATION}, {@code CONFLICT}. */
  public static final Endpoint<UpdateCourse, Course> UPDATE =
      Endpoint.admin("courses.admin.update", UpdateCourse.class, Course.class);
  public static final Endpoint<CourseId, Course> PUBLISH =
      Endpoint.admin("courses.admin.publish", CourseId.class, Course.class);
  public static final Endpoint<CourseId, Course> UNPUBLISH =
      Endpoint.admin("courses.admin.unpublish", CourseId.class, Course.class);

  /** A course became visible in the catalog (payload: the course as published). */
  public static final EventType<Course> PUBLISHED = EventType.of("course.published", Course.class);
  /** A course's fields changed (payload: the course after the change). */
  public static final EventType<Course> UPDATED = EventType.of("course.updated", Course.class);
  /** A course was withdrawn from the catalog. */
  public static final EventType<Course> UNPUBLISHED = EventType.of("course.unpublished", Course.class);

  private CoursesApi() {
  }
}
