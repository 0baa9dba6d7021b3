package io.tally.license.spi;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On the platform's "start integration" method: before it runs, Tally gives the integration's pair a
 * point (or finds that it holds one); when the method throws, Tally gives the point back. Without a
 * point the method does not run and the caller gets a {@link LicenceException}. One parameter of the
 * method must implement {@link Integration}.
 */
@InterceptorBinding
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface LicensedStart {
}
