package io.campus.courses.catalog;

import io.campus.contracts.Money;
import io.campus.contracts.courses.CourseDraft;
import io.campus.contracts.courses.ListCourses;
import io.campus.contracts.error.CampusException;
import io.campus.contracts.error.FieldError;

import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/** What makes a course draft or a catalog query acceptable. Returns the draft normalised (trimmed, no null tags). */
final class CourseRules {

  static final int MAX_TAGS = 10;
  static final long MAX_PRICE = 1_000_000_00L; // one million major units: anything above is a typo
  private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");

  private CourseRules() {
  }

  static CourseDraft validDraft(CourseDraft draft) {
    List<FieldError> errors = new ArrayList<>();
    String slug = draft.slug() == null ? null : draft.slug().trim();
    if (slug == null || slug.isEmpty()) {
      errors.add(new FieldError("slug", "is required"));
    } else if (slug.length() > 80 || !SLUG.matcher(slug).matches()) {
      errors.add(new FieldError("slug", "must be 1 to 80 lowercase letters, digits and single hyphens"));
    }
    String title = text(draft.title(), "title", 3, 120, errors);
    String summary = text(draft.summary(), "summary", 1, 2000, errors);
    String author = text(draft.author(), "author", 1, 120, errors);
    checkPrice(draft.price(), errors);
    if (draft.level() == null) {
      errors.add(new FieldError("level", "is required"));
    }
    List<String> tags = draft.tags() == null ? List.of() : draft.tags();
    checkTags(tags, errors);
    if (!errors.isEmpty()) {
      throw CampusException.invalid(errors);
    }
    return new CourseDraft(slug, title, summary, author, draft.price(), draft.level(), List.copyOf(tags));
  }

  static void checkQuery(ListCourses query) {
    if (query.page() < 1) {
      throw CampusException.invalid("page", "must be 1 or more");
    }
    if (query.size() < 1 || query.size() > ListCourses.MAX_SIZE) {
      throw CampusException.invalid("size", "must be from 1 to " + ListCourses.MAX_SIZE);
    }
  }

  private static String text(String value, String field, int min, int max, List<FieldError> errors) {
    String trimmed = value == null ? "" : value.trim();
    if (trimmed.isEmpty()) {
      errors.add(new FieldError(field, "is required"));
    } else if (trimmed.length() < min || trimmed.length() > max) {
      errors.add(new FieldError(field, "must be " + min + " to " + max + " characters"));
    }
    return trimmed;
  }

  private static void checkPrice(Money price, List<FieldError> errors) {
    if (price == null) {
      errors.add(new FieldError("price", "is required"));
      return;
    }
    if (price.amount() < 0 || price.amount() > MAX_PRICE) {
      errors.add(new FieldError("price.amount", "must be from 0 to " + MAX_PRICE + " minor units"));
    }
    if (price.currency() == null || !isCurrency(price.currency())) {
      errors.add(new FieldError("price.currency", "must be an ISO 4217 currency code such as EUR"));
    }
  }

  private static boolean isCurrency(String code) {
    return code.length() == 3 && code.equals(code.toUpperCase())
        && Currency.getAvailableCurrencies().stream().anyMatch(c -> c.getCurrencyCode().equals(code));
  }

  private static void checkTags(List<String> tags, List<FieldError> errors) {
    if (tags.size() > MAX_TAGS) {
      errors.add(new FieldError("tags", "must be at most " + MAX_TAGS));
    }
    if (tags.stream().anyMatch(t -> t == null || t.length() > 30 || !SLUG.matcher(t).matches())) {
      errors.add(new FieldError("tags", "each must be 1 to 30 lowercase letters, digits and single hyphens"));
    } else if (new HashSet<>(tags).size() != tags.size()) {
      errors.add(new FieldError("tags", "must not repeat"));
    }
  }
}
