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
 * method must implement {@link Integration}; a method without one fails the deployment.
 *
 * <p>On methods only (on a class it fails the deployment), and like every interceptor binding it works only on calls through the bean's
 * proxy: a method of the same bean calling {@code this.start(...)} bypasses Tally. Call the platform's
 * start method from another bean, or call {@link Licensing#start} yourself.
 */
@InterceptorBinding
@Target({ElementType.METHOD, ElementType.TYPE}) // TYPE only because CDI puts the binding on the interceptor class
@Retention(RetentionPolicy.RUNTIME)
public @interface LicensedStart {
}
