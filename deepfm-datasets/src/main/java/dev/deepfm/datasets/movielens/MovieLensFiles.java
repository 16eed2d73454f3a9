package dev.deepfm.datasets.movielens;

import java.util.List;

/**
 * The three MovieLens 100K files as read and validated, with the ids of the files.
 *
 * @param ratings every line of u.data, in file order
 * @param users every line of u.user, in file order
 * @param movies every line of u.item, in file order
 * @param fingerprint SHA-256 (first 16 hex digits) of the three files' bytes
 */
public record MovieLensFiles(List<Rating> ratings, List<User> users, List<Movie> movies,
    String fingerprint) {

  /** The 19 genre names of u.item, in column order. */
  public static final List<String> GENRES = List.of("unknown", "Action", "Adventure", "Animation",
      "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror",
      "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western");

  /** Copies the lists. */
  public MovieLensFiles {
    ratings = List.copyOf(ratings);
    users = List.copyOf(users);
    movies = List.copyOf(movies);
  }

  /**
   * One line of u.data.
   *
   * @param user user id
   * @param item item (movie) id
   * @param rating 1 to 5 stars
   * @param timestamp seconds since 1970
   */
  public record Rating(int user, int item, int rating, long timestamp) {}

  /**
   * One line of u.user.
   *
   * @param id user id
   * @param age age in years
   * @param gender "M" or "F"
   * @param occupation occupation name
   * @param zip zip code, as written
   */
  public record User(int id, int age, String gender, String occupation, String zip) {}

  /**
   * One line of u.item.
   *
   * @param id movie id
   * @param title title, as written (latin-1 decoded)
   * @param releaseDate release date, as written (may be empty)
   * @param genres the 19 genre flags, in {@link #GENRES} order
   */
  public record Movie(int id, String title, String releaseDate, boolean[] genres) {
    /** Names of the genres flagged. */
    public List<String> genreNames() {
      java.util.List<String> out = new java.util.ArrayList<>();
      for (int g = 0; g < genres.length; g++) {
        if (genres[g]) {
          out.add(GENRES.get(g));
        }
      }
      return out;
    }
  }
}
