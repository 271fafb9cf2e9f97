/* The reader's saved colour theme on <html> before the page is drawn (site.js's toggle saves it).
   Appended to assets/strings.js, the one script the layout loads without defer. */
try{var t=localStorage.getItem("studywiki-theme");if(t==="dark"||t==="light")document.documentElement.setAttribute("data-theme",t)}catch(e){}
