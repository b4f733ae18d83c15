// Renders its children once their place comes near the screen. What lies far below the fold (an
// offer's comments) then costs a phone's first visit nothing: no script, no request, no rendering,
// so the page above it is ready sooner. Until then the placeholder holds the place (and its heading).
import { type ReactNode, useCallback, useState } from 'react';

export function WhenNearViewport({
  placeholder,
  children,
  eager = false,
}: {
  placeholder: ReactNode;
  children: ReactNode;
  /** Render at once (a link to this part of the page, e.g. #comments). */
  eager?: boolean;
}) {
  const [near, setNear] = useState(() => eager || typeof IntersectionObserver === 'undefined');
  const observe = useCallback(
    (element: HTMLDivElement | null) => {
      if (!element || near) return;
      const observer = new IntersectionObserver(
        (entries) => {
          if (entries.some((e) => e.isIntersecting)) setNear(true);
        },
        {
          // Started a little before it shows, so a reader scrolling down finds it there.
          rootMargin: '300px 0px',
        },
      );
      observer.observe(element);
      return () => observer.disconnect();
    },
    [near],
  );
  return near ? children : <div ref={observe}>{placeholder}</div>;
}
